import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { HubError } from '../errors/hub-error';
import { grants } from '../modules/auth';
import type { GraphQLContext } from './context';
import { AuditResolver } from './resolvers/audit.resolver';
import { ComputedTraitDefinitionResolver, ProfileComputedTraitsResolver } from './resolvers/computed-trait.resolver';
import { ConnectionAdminResolver } from './resolvers/connection-admin.resolver';
import { ConnectionResolver } from './resolvers/connection.resolver';
import { IdentityResolver } from './resolvers/identity.resolver';
import { IngestionResolver } from './resolvers/ingestion.resolver';
import { MatchReviewResolver } from './resolvers/match-review.resolver';
import { ProfileConnectionResolver } from './resolvers/profile-connection.resolver';
import { ProfileErasureResolver } from './resolvers/profile-erasure.resolver';
import { ProfileResolver } from './resolvers/profile.resolver';
import { ProfileSegmentsResolver, SavedSegmentResolver } from './resolvers/saved-segment.resolver';
import { SegmentResolver } from './resolvers/segment.resolver';
import { SyncRunResolver } from './resolvers/sync-run.resolver';
import { TraitDefinitionResolver } from './resolvers/trait-definition.resolver';
import { WebhookResolver } from './resolvers/webhook.resolver';

export const resolvers = [
  ProfileResolver,
  ProfileErasureResolver,
  ProfileConnectionResolver,
  SegmentResolver,
  SavedSegmentResolver,
  ProfileSegmentsResolver,
  ProfileComputedTraitsResolver,
  ComputedTraitDefinitionResolver,
  TraitDefinitionResolver,
  IngestionResolver,
  IdentityResolver,
  MatchReviewResolver,
  ConnectionResolver,
  ConnectionAdminResolver,
  SyncRunResolver,
  WebhookResolver,
  AuditResolver,
] as const;

/** The schema, built from the resolver classes; schema/schema.graphql is emitted from this. */
export function buildHubSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false },
    authChecker: ({ context }: { context: GraphQLContext }, requiredScopes) => {
      if (grants(context.principal.scopes, requiredScopes)) return true;
      throw new HubError('FORBIDDEN', `This API key lacks the scope ${requiredScopes.join(' or ')}; create one with \`hub apikey create --scopes ${requiredScopes[0]}\`.`);
    },
  });
}
