import type { Database, SqlExecutor } from '../../platform/database/database';
import { profileChange, touchedProfiles, type FieldValues, type ProfileChange, type ProfileChangeObserver } from '../profiles/profile-changes';
import type { ComputedTraitSettings } from './computed-trait-settings';
import * as store from './computed-trait.store';
import { COMPUTED_TRAIT_DEFINITIONS, computeTraits } from './computed-traits';

const REFRESH_PAGE = 500;
// Only these inputs make a value move with time (recency, activity windows): profiles without such events
// keep their values until their events change.
const TIME_RELATIVE_INPUTS = [...new Set(COMPUTED_TRAIT_DEFINITIONS.filter((definition) => definition.timeRelative).flatMap((definition) => definition.inputs))];

/**
 * Keeps computed traits current. As a profile-change observer it recomputes the changed profiles inside the
 * change's own transaction, then tells the next observer (segments), so a segment on a computed trait sees
 * the new value in the same commit. The scheduled refresh recomputes what time alone moves.
 */
export class ComputedTraitService implements ProfileChangeObserver {
  constructor(
    private readonly database: Database,
    private readonly settings: ComputedTraitSettings,
    private readonly next?: ProfileChangeObserver,
  ) {}

  async profilesChanged(tx: SqlExecutor, change: ProfileChange): Promise<void> {
    const { moved, after } = await this.recompute(tx, touchedProfiles(change), new Date());
    await this.next?.profilesChanged(tx, {
      ...change,
      computed: [...new Set([...change.computed, ...moved.keys()])],
      computedBefore: new Map([...change.computedBefore, ...moved]),
      computedAfter: after,
    });
  }

  /**
   * Recomputes every live profile with events that time moves values of, a page per transaction, and passes the profiles whose values
   * changed to the next observer. Returns how many profiles were recomputed and how many changed.
   */
  async refresh(now = new Date()): Promise<{ profiles: number; changed: number }> {
    let after = '';
    let profiles = 0;
    let changed = 0;
    for (;;) {
      const page = await store.profilesWithEventsAfter(this.database, TIME_RELATIVE_INPUTS, after, REFRESH_PAGE);
      if (page.length === 0) return { profiles, changed };
      after = page.at(-1)!;
      await this.database.transaction(async (tx) => {
        const idle = await store.lockIdleProfiles(tx, page);
        const { moved, after } = await this.recompute(tx, idle, now);
        if (moved.size > 0) await this.next?.profilesChanged(tx, profileChange({ computed: [...moved.keys()], computedBefore: moved, computedAfter: after }));
        profiles += idle.length;
        changed += moved.size;
      });
    }
  }

  list(profileIds: readonly string[]): Promise<store.StoredComputedTrait[]> {
    return store.computedTraitsOf(this.database, profileIds);
  }

  /** Recomputes the profiles; returns those whose values changed, with their values before, and every one's values after. */
  private async recompute(tx: SqlExecutor, profileIds: string[], now: Date): Promise<{ moved: Map<string, FieldValues>; after: Map<string, FieldValues> }> {
    if (profileIds.length === 0) return { moved: new Map(), after: new Map() };
    const events = await store.loadProfileEvents(tx, profileIds);
    const computed = new Map([...events].map(([profileId, profileEvents]) => [profileId, computeTraits(profileEvents, now, this.settings)]));
    const after = new Map<string, FieldValues>(profileIds.map((profileId) => [profileId, Object.fromEntries((computed.get(profileId) ?? []).map((trait) => [trait.key, trait.value]))]));
    return { moved: await store.replaceComputedTraits(tx, profileIds, computed), after };
  }
}
