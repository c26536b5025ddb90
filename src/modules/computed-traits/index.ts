/**
 * Computed traits: values derived from a profile's events (RFM, interaction and membership tags, sentiment),
 * kept current as the first stage of every profile change and refreshed hourly where time alone moves them.
 * This module owns computed_traits.
 */
export { ComputedTraitService } from './computed-trait.service';
export { ComputedTraitRefresh } from './computed-trait-refresh';
export { computedTraitRefreshJob } from './computed-trait-refresh.jobs';
export { computedTraitsOf, computedValuesOf, type StoredComputedTrait } from './computed-trait.store';
export { COMPUTED_TRAIT_DEFINITIONS, computedTraitDefinition } from './computed-traits';
export { computedTraitSettingsSchema, DEFAULT_COMPUTED_TRAIT_SETTINGS, type ComputedTraitSettings } from './computed-trait-settings';
export { computedTraitErasure } from './computed-trait-erasure.store';
