import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { COMPUTED_TRAIT_DEFINITIONS } from '../../modules/computed-traits';
import type { GraphQLContext } from '../context';
import { ComputedTraitDefinitionType, ComputedTraitType } from '../types/computed-trait.type';
import { ProfileType } from '../types/profile.type';
import { PersonalData } from '../personal-data';

@Resolver(() => ProfileType)
export class ProfileComputedTraitsResolver {
  @PersonalData()
  @FieldResolver(() => [ComputedTraitType], { description: 'Values derived from the events, by key; `keys` picks some.' })
  async computedTraits(
    @Root() profile: ProfileType,
    @Arg('keys', () => [String], { nullable: true }) keys: string[] | null,
    @Ctx() { loaders }: GraphQLContext,
  ): Promise<ComputedTraitType[]> {
    const all = await loaders.computedTraits.load(profile.id);
    return keys ? all.filter((trait) => keys.includes(trait.key)) : all;
  }

  @PersonalData()
  @FieldResolver(() => [String], { description: 'The customer portrait as tags: consumption:<level>, activity:<level>, spread:<level>, rfm:<group>, tier:<tier>, sentiment:<label>.' })
  async portraitTags(@Root() profile: ProfileType, @Ctx() { loaders }: GraphQLContext): Promise<string[]> {
    const tags = (await loaders.computedTraits.load(profile.id)).find((trait) => trait.key === 'portrait_tags');
    return (tags?.value as string[] | undefined) ?? [];
  }
}

@Resolver()
export class ComputedTraitDefinitionResolver {
  @Authorized('profiles:read')
  @Query(() => [ComputedTraitDefinitionType], { description: 'The computed traits the hub derives; each key can be used in a segment `computed` condition.' })
  computedTraitDefinitions(): ComputedTraitDefinitionType[] {
    return [...COMPUTED_TRAIT_DEFINITIONS];
  }
}
