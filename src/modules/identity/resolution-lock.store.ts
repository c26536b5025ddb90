import type { SqlExecutor } from '../../platform/database/database';
import { lockProfiles } from '../profiles';
import { ResolutionConflict } from './identity-resolver';

/**
 * Locks of incremental resolution, always taken in this order so that two transactions never wait on each
 * other in a cycle: the resolution lock (shared, or exclusive for bulk batches and for decisions people
 * make), then the batch's blocking keys sorted by hash, then the rows of the profiles the plan changes,
 * sorted by id. Two batches that share no blocking key run side by side; two that do take turns, and the
 * later one reads what the earlier one wrote.
 */

/**
 * Each advisory lock takes a slot of PostgreSQL's shared lock table (64 per connection by default); a batch
 * with more keys than this locks everything instead, which costs a bulk load nothing it would notice.
 */
const MAX_KEY_LOCKS = 512;

/** One advisory lock for all of identity resolution (shared by small batches, exclusive for bulk ones and decisions). */
const RESOLUTION_LOCK = 7_204_311;

export async function lockBlockingKeys(tx: SqlExecutor, keyHashes: number[]): Promise<void> {
  const sorted = [...new Set(keyHashes)].sort((a, b) => a - b);
  if (sorted.length > MAX_KEY_LOCKS) {
    await lockEverything(tx);
    return;
  }
  await tx.query('select pg_advisory_xact_lock_shared($1)', [RESOLUTION_LOCK]);
  // unnest yields the array in order, so the locks are taken in ascending order of hash.
  await tx.query('select count(pg_advisory_xact_lock(h)) from unnest($1::bigint[]) as h', [sorted]);
}

/** Waits for every running batch and keeps new ones out until the transaction ends. */
export async function lockEverything(tx: SqlExecutor): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [RESOLUTION_LOCK]);
}

/**
 * Locks the rows of the profiles a plan changes and checks they are still live: a batch that shares no
 * key with this one may have merged one of them away since the candidates were read.
 */
export async function lockLiveProfiles(tx: SqlExecutor, profileIds: string[]): Promise<void> {
  if (profileIds.length === 0) return;
  const wanted = new Set(profileIds);
  const states = await lockProfiles(tx, [...wanted]);
  if (states.length !== wanted.size || states.some((state) => state.mergedIntoId !== null)) {
    throw new ResolutionConflict('a profile this batch links to was merged by a concurrent batch');
  }
}
