import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';

@Resolver()
export class ProfileErasureResolver {
  @Authorized('profiles:write')
  @Mutation(() => Boolean, {
    description:
      'Erases a person: the profile, its source records and all derived from them, its merge history and segment memberships (exits are recorded); profile.deleted goes to webhook subscribers. A later sync of the same records creates a new profile.',
  })
  async deleteProfile(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<boolean> {
    await services.profileErasure.deleteProfile(id);
    return true;
  }
}
