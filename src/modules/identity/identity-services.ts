import type { CountryCode } from 'libphonenumber-js';
import type { IdentifierReading } from '../../../connectors/sdk/records';
import type { Database } from '../../platform/database/database';
import type { DerivationOptions, PersonDataEraser, ProfileChangePipeline } from '../profiles';
import { identityErasure } from './identity-erasure.store';
import { createIdentityResolver } from './identity-resolver.factory';
import type { IdentitySettings } from './identity-settings';
import { MatchExplanationService } from './match-explanation.service';
import { MatchModelService } from './match-model.service';
import { MatchReviewService } from './match-review.service';
import type { ProbabilisticResolver } from './probabilistic.resolver';
import { ProfileDecisionService } from './profile-decisions.service';
import { ReresolutionService } from './reresolution.service';
import { IdentityRulesPreviewService } from './rules-preview.service';

/** Identity resolution as the hub runs it: the resolver ingestion uses, and what people do with its results. */
export interface IdentityServices {
  resolver: ProbabilisticResolver;
  /** How identifiers are read under these settings (their mail-provider rules): ingestion and lookups use it. */
  reading: IdentifierReading;
  explanations: MatchExplanationService;
  reviews: MatchReviewService;
  decisions: ProfileDecisionService;
  /** Profiles made again under the current rules: the whole store (`hub identity reresolve`), or a few when a value turns generic. */
  reresolution: ReresolutionService;
  preview: IdentityRulesPreviewService;
  /** The match model the resolver scores with: shown, estimated from the store, applied on request. */
  matchModel: MatchModelService;
  /** What erasing a person removes from identity resolution's own tables. */
  erasure: PersonDataEraser;
}

export interface IdentityServiceOptions {
  defaultRegion: CountryCode;
  settings: IdentitySettings;
  survivorship: DerivationOptions['survivorship'];
  pipeline: ProfileChangePipeline;
}

export function createIdentityServices(database: Database, options: IdentityServiceOptions): IdentityServices {
  const { defaultRegion, settings } = options;
  const resolver = createIdentityResolver({ defaultRegion, settings });
  const reading: IdentifierReading = { defaultRegion, emailProviders: resolver.config.emailProviders };
  return {
    resolver,
    reading,
    explanations: new MatchExplanationService(database, resolver),
    reviews: new MatchReviewService(database),
    decisions: new ProfileDecisionService(database, resolver, { reading, survivorship: options.survivorship }, options.pipeline),
    reresolution: new ReresolutionService(database, resolver, { reading, survivorship: options.survivorship }, options.pipeline),
    preview: new IdentityRulesPreviewService(database, resolver, { defaultRegion, settings }),
    matchModel: new MatchModelService(database, resolver),
    erasure: identityErasure,
  };
}
