import type { SqlExecutor } from '../../platform/database/database';

/** The SQL of the profiles table itself: creation, liveness and the tombstones merges leave. */

export interface ProfileState {
  id: string;
  /** The profile it was merged into, when it was; null while it is live. */
  mergedIntoId: string | null;
}

export async function insertProfiles(tx: SqlExecutor, profileIds: readonly string[]): Promise<void> {
  if (profileIds.length === 0) return;
  await tx.query('insert into profiles (id) select unnest($1::text[])', [profileIds]);
}

export async function touchProfiles(tx: SqlExecutor, profileIds: readonly string[]): Promise<void> {
  if (profileIds.length > 0) await tx.query('update profiles set updated_at = now() where id = any($1::text[])', [profileIds]);
}

export async function findProfileStates(executor: SqlExecutor, ids: readonly string[]): Promise<Map<string, ProfileState>> {
  const rows = await executor.query<{ id: string; merged_into_id: string | null }>('select id, merged_into_id from profiles where id = any($1::text[])', [ids]);
  return new Map(rows.map((row) => [row.id, { id: row.id, mergedIntoId: row.merged_into_id }]));
}

/**
 * Locks the rows of the given profiles in id order (so two transactions never wait on each other in a
 * cycle) and answers their states; a profile that does not exist is absent.
 */
export async function lockProfiles(tx: SqlExecutor, profileIds: readonly string[]): Promise<ProfileState[]> {
  if (profileIds.length === 0) return [];
  const sorted = [...new Set(profileIds)].sort();
  const rows = await tx.query<{ id: string; merged_into_id: string | null }>('select id, merged_into_id from profiles where id = any($1::text[]) order by id for update', [sorted]);
  return rows.map((row) => ({ id: row.id, mergedIntoId: row.merged_into_id }));
}

/**
 * Locks the rows of those live profiles no other transaction holds, and returns them. Ingestion, merges
 * and splits hold their profiles' rows until they commit and recompute those profiles themselves, so a
 * scheduled recomputation skips them rather than writing values from events it cannot see yet.
 */
export async function lockIdleProfiles(tx: SqlExecutor, profileIds: readonly string[]): Promise<string[]> {
  const rows = await tx.query<{ id: string }>('select id from profiles where id = any($1::text[]) and merged_into_id is null order by id for update skip locked', [profileIds]);
  return rows.map((row) => row.id);
}
