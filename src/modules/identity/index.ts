/**
 * Identity resolution: which source records are one person. The engine is pure functions over records
 * (normalize, block, compare, score, cluster, explain), used whole by `hub resolve` and batch by batch by
 * ingestion through the resolver port; the services apply people's decisions (merge, split, reviews).
 * This module owns record_blocking_keys, oversized_blocking_keys, match_reviews, cannot_links, must_links
 * and identity_models.
 */

// The engine, for whole files (`hub resolve`) and benchmarks.
export { resolveRecords, type Resolution, type ResolutionConstraints } from './engine';
export { DEFAULT_RESOLUTION_CONFIG, resolutionConfig, type ResolutionConfig } from './resolution-config';
export { RESOLUTION_FIELDS, type ResolutionField, type ResolutionRecord } from './resolution-record';
export { resolveCsvFile, RESOLVE_FIELD_SET, type OfflineResolution, type OfflineResolutionOptions, type OfflineResolutionSummary } from './offline-resolution';

// The seam ingestion resolves each batch through, and the hub's resolver behind it.
export { ResolutionConflict, type IdentityResolver, type IncomingRecord, type PlannedMerge, type ResolutionPlan } from './identity-resolver';
export { createIdentityServices, type IdentityServices } from './identity-services';

// Settings a data team may change (HUB_IDENTITY_RULES, previewIdentityRules).
export { parseIdentitySettings, type IdentitySettings } from './identity-settings';

// What the API shows of resolution.
export type { FieldEvidence, MatchExplanation } from './explain';
export type { StoredMatchExplanation } from './match-explanation.service';
export { REVIEW_STATUSES, type MatchReviewRow, type ReviewStatus } from './match-review.store';
export type { RulesPreview } from './rules-preview.service';
