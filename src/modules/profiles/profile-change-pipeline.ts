import type { SqlExecutor } from '../../platform/database/database';
import type { ProfileChange } from './profile-changes';

/** The stages every profile change passes; src/app/profile-change-pipeline.ts puts them in order. */
export const PROFILE_CHANGE_STAGE_NAMES = ['computed-traits', 'segments', 'outbox'] as const;
export type ProfileChangeStageName = (typeof PROFILE_CHANGE_STAGE_NAMES)[number];

/**
 * One step of the pipeline: inside the change's transaction it updates what it keeps about profiles and
 * answers the change with what it added (computed traits that moved, segment entries and exits), which the
 * stages after it see.
 */
export interface ProfileChangeStage {
  apply(tx: SqlExecutor, change: ProfileChange): Promise<ProfileChange>;
}

/** Told after each stage, e.g. to log or to check which stages a change went through. */
export type StageTrace = (stage: ProfileChangeStageName, change: ProfileChange) => void;

/**
 * The one path of a profile change: every producer (ingestion, merges and splits, erasure, the computed-trait
 * refresh, segment evaluations) calls `run` in its own transaction, so what keeps state about profiles
 * (computed traits, segment memberships, the webhook outbox) updates it in the same commit, in one order.
 */
export class ProfileChangePipeline {
  constructor(
    private readonly stages: readonly { name: ProfileChangeStageName; stage: ProfileChangeStage }[],
    private readonly trace?: StageTrace,
  ) {
    const names = stages.map((entry) => entry.name);
    const missing = PROFILE_CHANGE_STAGE_NAMES.filter((name) => !names.includes(name));
    if (missing.length > 0 || names.length !== PROFILE_CHANGE_STAGE_NAMES.length) {
      throw new Error(`The profile-change pipeline needs each of ${PROFILE_CHANGE_STAGE_NAMES.join(', ')} once; got ${names.join(', ') || 'none'}.`);
    }
  }

  /**
   * Passes the change through every stage, or from the stage `from` on (a producer that did a stage's work
   * itself: the computed-trait refresh starts at segments, a segment evaluation at the outbox).
   */
  async run(tx: SqlExecutor, change: ProfileChange, options: { from?: ProfileChangeStageName } = {}): Promise<ProfileChange> {
    const start = options.from === undefined ? 0 : this.stages.findIndex((entry) => entry.name === options.from);
    let current = change;
    for (const { name, stage } of this.stages.slice(start)) {
      current = await stage.apply(tx, current);
      this.trace?.(name, current);
    }
    return current;
  }
}
