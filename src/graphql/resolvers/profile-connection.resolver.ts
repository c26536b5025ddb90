import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { ProfileConnection } from '../types/profile-connection.type';

@Resolver(() => ProfileConnection)
export class ProfileConnectionResolver {
  /** Counted only when asked for: a count scans every matching profile. */
  @FieldResolver(() => Int, { description: 'How many profiles match the filter, across all pages.' })
  totalCount(@Root() connection: ProfileConnection, @Ctx() { services }: GraphQLContext): Promise<number> {
    return services.profiles.count(connection.filter);
  }
}
