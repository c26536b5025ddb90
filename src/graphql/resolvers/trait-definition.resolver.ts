import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { TraitDefinitionType } from '../types/trait-definition.type';

@Resolver()
export class TraitDefinitionResolver {
  @Authorized('profiles:read')
  @Query(() => [TraitDefinitionType], {
    description: 'The trait registry: every trait key the canonical fields and connectors declare or the store holds, with its type and where the type comes from.',
  })
  async traitDefinitions(@Ctx() { services }: GraphQLContext): Promise<TraitDefinitionType[]> {
    return (await services.segmentPreview.traitDefinitions()).map((definition) => ({
      key: definition.key,
      type: definition.type.toUpperCase(),
      origin: definition.origin.toUpperCase(),
      connectors: definition.connectors,
      description: definition.description ?? null,
    }));
  }
}
