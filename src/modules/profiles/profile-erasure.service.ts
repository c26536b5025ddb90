import { HubError } from '../../errors/hub-error';
import type { Database, SqlExecutor } from '../../platform/database/database';
import { profileChange } from './profile-changes';
import type { ProfileChangePipeline } from './profile-change-pipeline';
import { eraseProfileRows, findErasureTargets, lockProfileForErasure, type ErasureTargets } from './profile-erasure.store';

/** A module that keeps data about source records outside the profile tables (identity resolution's keys, reviews, links). */
export interface RecordDataEraser {
  forgetRecords(tx: SqlExecutor, targets: ErasureTargets): Promise<void>;
}

/**
 * Erasure of one person (a data-subject request): the profile and all it came from, in one transaction.
 * The pipeline is told first, while the data is there: computed traits go, segments record the exits, the
 * webhook outbox drops the profile's stored events and writes profile.deleted. Then the modules that keep
 * data about its records forget them, and the profile tables go last.
 */
export class ProfileErasureService {
  constructor(
    private readonly database: Database,
    private readonly pipeline: ProfileChangePipeline,
    private readonly recordData: RecordDataEraser,
  ) {}

  async deleteProfile(profileId: string): Promise<{ sourceRecords: number }> {
    return this.database.transaction(async (tx) => {
      const profile = await lockProfileForErasure(tx, profileId);
      if (!profile) throw new HubError('NOT_FOUND', `No profile ${profileId}.`);
      if (profile.mergedIntoId) throw new HubError('CONFLICT', `Profile ${profileId} was merged into ${profile.mergedIntoId}; delete that profile to erase the person.`);
      await this.pipeline.run(tx, profileChange({ deleted: [profileId] }));
      const targets = await findErasureTargets(tx, profileId);
      await this.recordData.forgetRecords(tx, targets);
      await eraseProfileRows(tx, targets);
      return { sourceRecords: targets.recordIds.length };
    });
  }
}
