import { setOwn } from '../../platform/own-keys';
/**
 * What one change (an ingested batch, a merge, a split, a scheduled recomputation) did to profiles. Observers
 * use it to touch only what the change can affect: a segment on computed traits alone need not look at a
 * profile whose records changed but whose computed traits did not.
 */
export interface ProfileChange {
  /** Profiles whose source records changed (joined, updated, moved in or out): their traits, identities, sources and events may have. */
  changed: string[];
  /** Profiles the change created (also in `changed`): nothing was ever evaluated for them. */
  created: string[];
  /** Profiles merged into others (their survivors are in `changed`): they leave everything they were in. */
  merged: { profileId: string; survivorId: string }[];
  /** Profiles whose computed traits changed (told by the computed-trait service, which runs first). */
  computed: string[];
  /** Profiles being erased: the observers see them once more, before their data goes, to record their exits and tell receivers. */
  deleted: string[];
  /** Profiles some records were split off from, and the profile created for them (also in `created`). */
  split: { profileId: string; createdProfileId: string }[];
  /** Entries into and exits from saved segments (told by the segment service, which runs after computed traits). */
  segments: SegmentMove[];
  /**
   * The traits of the profiles in `changed` (those that existed) as they were before the change, by key; a
   * profile that is absent had none. What the webhooks report as each field's value before and after.
   */
  traitsBefore: Map<string, FieldValues>;
  /** The computed traits of the profiles in `computed` before the change, in the same form. */
  computedBefore: Map<string, FieldValues>;
  /**
   * When the change derived them anyway: the traits after it of every profile in `changed` (absent: none),
   * and the computed traits of every profile it touched. Undefined: observers read them from the store.
   */
  traitsAfter?: Map<string, FieldValues>;
  computedAfter?: Map<string, FieldValues>;
  /**
   * The holding consent status of each `channel:purpose` of the profiles in `changed`, before and after the
   * change, when it re-derived them (absent: it did not, and their consents stayed as they were).
   */
  consentsBefore?: Map<string, FieldValues>;
  consentsAfter?: Map<string, FieldValues>;
}

/** A profile's trait (or computed-trait) values by key. */
export type FieldValues = Record<string, unknown>;

/** Rows of a key-value table (traits, computed_traits) gathered into values by profile and key. */
export function fieldValuesByProfile(rows: readonly { profile_id: string; key: string; value: unknown }[]): Map<string, FieldValues> {
  const byProfile = new Map<string, FieldValues>();
  for (const row of rows) {
    const values = byProfile.get(row.profile_id) ?? {};
    setOwn(values, row.key, row.value);
    byProfile.set(row.profile_id, values);
  }
  return byProfile;
}

export interface SegmentMove {
  segmentId: string;
  profileId: string;
  change: 'entered' | 'exited';
}

export function profileChange(parts: Partial<ProfileChange>): ProfileChange {
  return {
    changed: parts.changed ?? [],
    created: parts.created ?? [],
    merged: parts.merged ?? [],
    computed: parts.computed ?? [],
    deleted: parts.deleted ?? [],
    split: parts.split ?? [],
    segments: parts.segments ?? [],
    traitsBefore: parts.traitsBefore ?? new Map(),
    computedBefore: parts.computedBefore ?? new Map(),
    traitsAfter: parts.traitsAfter,
    computedAfter: parts.computedAfter,
    consentsBefore: parts.consentsBefore,
    consentsAfter: parts.consentsAfter,
  };
}

/** Every profile the change names whose data stays, once (not the deleted). */
export function touchedProfiles(change: ProfileChange): string[] {
  return [...new Set([...change.changed, ...change.created, ...change.merged.map((merge) => merge.profileId), ...change.computed])];
}
