/**
 * Identity resolution: which source records are one person. The engine is pure functions over records
 * (normalize, block, compare, score, cluster, explain), used whole by `hub resolve` and batch by batch by
 * ingestion through the resolver port; the services apply people's decisions (merge, split, reviews).
 * This module owns record_blocking_keys, oversized_blocking_keys, match_reviews, cannot_links, must_links
 * and identity_models.
 */

// The engine, for whole files (`hub resolve`) and benchmarks.
export { resolveRecords } from './engine';
export { DEFAULT_RESOLUTION_CONFIG } from './resolution-config';
export { RESOLUTION_FIELDS, type ResolutionRecord } from './resolution-record';
export { resolveCsvFile, RESOLVE_FIELD_SET, type OfflineResolution, type OfflineResolutionSummary } from './offline-resolution';

// The seam ingestion resolves each batch through, and the hub's resolver behind it.
export { ResolutionConflict, type IdentityResolver, type IncomingRecord, type ResolutionPlan } from './identity-resolver';
export { createIdentityServices, type IdentityServices } from './identity-services';

// Stored profiles made again under the current rules (`hub identity reresolve`; a value turning generic).
export { RERESOLVE_ACTOR, type ReresolutionExample, type ReresolutionReport, type ScopedReresolution } from './reresolution.service';
export type { ValueTurnedGeneric } from './identifier-holders';

// Settings a data team may change (HUB_IDENTITY_RULES, previewIdentityRules).
export { parseIdentitySettings, type IdentitySettings } from './identity-settings';

// The match model a data team estimates from the store and applies (`hub identity`).
export { MatchModelService, type FieldLevels, type MatchModelInUse } from './match-model.service';
export { ESTIMATION_SAMPLE_SIZE, MIN_RECORDS_FOR_ESTIMATE } from './match-model.estimation';
export { MODEL_CACHE_MS } from './match-model.store';

// What the API shows of resolution.
export type { FieldEvidence } from './explain';
export type { MatchReviewRow } from './match-review.store';
export type { RulesPreview } from './rules-preview.service';
