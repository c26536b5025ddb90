import type { SqlExecutor } from '../../platform/database/database';

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
}

export function profileChange(parts: Partial<ProfileChange>): ProfileChange {
  return { changed: parts.changed ?? [], created: parts.created ?? [], merged: parts.merged ?? [], computed: parts.computed ?? [] };
}

/** Every profile the change names, once. */
export function touchedProfiles(change: ProfileChange): string[] {
  return [...new Set([...change.changed, ...change.created, ...change.merged.map((merge) => merge.profileId), ...change.computed])];
}

/**
 * Told, inside the transaction of a change, what it did to profiles. What keeps state about profiles
 * (computed traits, segment memberships, the webhook outbox) updates it in the same commit.
 */
export interface ProfileChangeObserver {
  profilesChanged(tx: SqlExecutor, change: ProfileChange): Promise<void>;
}
