import type { SqlExecutor } from '../../platform/database/database';

/**
 * Told, inside the transaction of a change, which profiles it changed: created, joined, re-derived, merged
 * away or split. What keeps state about profiles (segment memberships) updates it in the same commit.
 */
export interface ProfileChangeObserver {
  profilesChanged(tx: SqlExecutor, profileIds: string[]): Promise<void>;
}
