/**
 * Profiles: the unified profiles and what they are made of (source records, identities, traits with their
 * lineage, events, the merge history), and the pipeline every change to them goes through. This module owns
 * the tables profiles, source_records, identities, traits, trait_types, consents, events and merge_decisions; other modules read and
 * write them only through what this file exports.
 */

// What a change did to profiles, and the one path it takes (computed traits, segments, outbox).
export { fieldValuesByProfile, profileChange, touchedProfiles, type FieldValues, type ProfileChange, type SegmentMove } from './profile-changes';
export { ProfileChangePipeline, type ProfileChangeStage, type ProfileChangeStageName, type StageTrace } from './profile-change-pipeline';

// Reading profiles (the API, segments, webhooks).
export { ProfileQueryService } from './profile-query.service';
export { toProfileRows, type ProfileFilter, type ProfileRow } from './profile-query.store';
export { ProfileDetailsService } from './profile-details.service';
export type { EventPageRequest, MergeDecisionRow } from './profile-details.store';
export { storedTraitKeys, traitValuesOf } from './trait.store';
export { loadTraitTypes } from './trait-type.store';
export { TraitTypes, type TraitDefinition } from './trait-types';
export { consentStatusesOf } from './consent.store';
export { profilesHoldingIdentifiers } from './profile-identity.store';
export { eventsOfLiveProfiles, liveProfilesWithEventsAfter, type ProfileEventRow } from './event.store';

// Writing profiles: a resolved ingestion batch, and the decisions identity resolution and people make.
export { placeRecords } from './record-placement';
export { rederiveProfiles, type DerivationOptions, type TraitValues } from './profile-rederivation';
export { applyMerges, findDecision, recordSplit, type MergeWrite } from './merge-decision.store';
export { findProfileStates, insertProfiles, lockIdleProfiles, lockProfiles } from './profile.store';
export {
  countRecordsAndSources,
  findRecordOwners,
  findRecordRefs,
  findRecordRefsByExternalId,
  findStoredRecords,
  listProfileMembers,
  loadStoredRecords,
  moveRecords,
  pageStoredRecords,
  sampleStoredRecords,
  sourcesOtherThan,
  type StoredRecordRef,
  type StoredRecordState,
  type StoredRecordWithPayload,
} from './source-record.store';

// Erasure of a person.
export { ProfileErasureService, type ErasureLedger, type ErasureReceipt, type PersonDataEraser } from './profile-erasure.service';
export { erasureSearchTexts, type ErasureTargets } from './profile-erasure.store';
export { personProfileData } from './profile-export.store';

// Which record's value a profile keeps, per trait (configuration).
export { DEFAULT_SURVIVORSHIP, survivorshipSchema, type SurvivorshipRules } from './survivorship';
