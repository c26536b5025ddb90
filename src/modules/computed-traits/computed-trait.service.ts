import type { Database, SqlExecutor } from '../../platform/database/database';
import { eventsOfLiveProfiles, touchedProfiles, type FieldValues, type ProfileChange, type ProfileChangeStage } from '../profiles';
import type { ComputedTraitSettings } from './computed-trait-settings';
import * as store from './computed-trait.store';
import { computeTraits } from './computed-traits';

/**
 * Keeps computed traits current. As the first stage of the profile-change pipeline it recomputes the changed
 * profiles inside the change's own transaction and adds those whose values moved to the change, so a segment
 * on a computed trait sees the new value in the same commit.
 */
export class ComputedTraitService implements ProfileChangeStage {
  constructor(
    private readonly database: Database,
    private readonly settings: ComputedTraitSettings,
  ) {}

  async apply(tx: SqlExecutor, change: ProfileChange): Promise<ProfileChange> {
    await store.deleteComputedTraits(tx, change.deleted);
    const { moved, after } = await this.recompute(tx, touchedProfiles(change), new Date());
    return {
      ...change,
      computed: [...new Set([...change.computed, ...moved.keys()])],
      computedBefore: new Map([...change.computedBefore, ...moved]),
      computedAfter: after,
    };
  }

  list(profileIds: readonly string[]): Promise<store.StoredComputedTrait[]> {
    return store.computedTraitsOf(this.database, profileIds);
  }

  /** Recomputes the profiles; returns those whose values changed, with their values before, and every one's values after. */
  async recompute(tx: SqlExecutor, profileIds: string[], now: Date): Promise<{ moved: Map<string, FieldValues>; after: Map<string, FieldValues> }> {
    if (profileIds.length === 0) return { moved: new Map(), after: new Map() };
    const events = await eventsOfLiveProfiles(tx, profileIds);
    const computed = new Map([...events].map(([profileId, profileEvents]) => [profileId, computeTraits(profileEvents, now, this.settings)]));
    const after = new Map<string, FieldValues>(profileIds.map((profileId) => [profileId, Object.fromEntries((computed.get(profileId) ?? []).map((trait) => [trait.key, trait.value]))]));
    return { moved: await store.replaceComputedTraits(tx, profileIds, computed), after };
  }
}
