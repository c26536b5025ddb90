import type { Database } from '../../platform/database/database';
import { liveProfilesWithEventsAfter, lockIdleProfiles, profileChange, type ProfileChangePipeline } from '../profiles';
import type { ComputedTraitService } from './computed-trait.service';
import { COMPUTED_TRAIT_DEFINITIONS } from './computed-traits';

const REFRESH_PAGE = 500;
// Only these inputs make a value move with time (recency, activity windows): profiles without such events
// keep their values until their events change.
const TIME_RELATIVE_INPUTS = [...new Set(COMPUTED_TRAIT_DEFINITIONS.filter((definition) => definition.timeRelative).flatMap((definition) => definition.inputs))];

/**
 * The scheduled recomputation of what time alone moves (RFM recency, activity windows): a producer of profile
 * changes that does the computed-trait stage's work itself and hands what moved to the pipeline from segments on.
 */
export class ComputedTraitRefresh {
  constructor(
    private readonly database: Database,
    private readonly computedTraits: ComputedTraitService,
    private readonly pipeline: ProfileChangePipeline,
  ) {}

  /**
   * Recomputes every live profile with events that time moves values of, a page per transaction. Returns how
   * many profiles were recomputed and how many changed.
   */
  async refresh(now = new Date()): Promise<{ profiles: number; changed: number }> {
    let after = '';
    let profiles = 0;
    let changed = 0;
    for (;;) {
      const page = await liveProfilesWithEventsAfter(this.database, TIME_RELATIVE_INPUTS, after, REFRESH_PAGE);
      if (page.length === 0) return { profiles, changed };
      after = page.at(-1)!;
      await this.database.transaction(async (tx) => {
        const idle = await lockIdleProfiles(tx, page);
        const { moved, after: values } = await this.computedTraits.recompute(tx, idle, now);
        if (moved.size > 0) await this.pipeline.run(tx, profileChange({ computed: [...moved.keys()], computedBefore: moved, computedAfter: values }), { from: 'segments' });
        profiles += idle.length;
        changed += moved.size;
      });
    }
  }
}
