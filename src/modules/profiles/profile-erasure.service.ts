import { HubError } from '../../errors/hub-error';
import type { Database, SqlExecutor } from '../../platform/database/database';
import { profileChange } from './profile-changes';
import type { ProfileChangePipeline } from './profile-change-pipeline';
import { eraseProfileRows, findErasureTargets, lockProfileForErasure, type ErasureTargets } from './profile-erasure.store';

/** A module that keeps data about a person outside the profile tables: it forgets its own rows and says how many of each kind. */
export interface PersonDataEraser {
  forgetPerson(tx: SqlExecutor, targets: ErasureTargets): Promise<Record<string, number>>;
}

/** What an erasure leaves behind: a receipt without personal data. */
export interface ErasureReceipt {
  id: string;
  profileId: string;
  erasedAt: Date;
  /** Rows removed, per kind (table). */
  removed: Record<string, number>;
  /** The suppression that keeps the person out of later ingestion. */
  suppressionId: string;
}

/** Where an erasure is recorded: the person's identifiers suppressed (hashed), the receipt kept. */
export interface ErasureLedger {
  /** First in the erasure's transaction: no ingestion batch may store the person between the erasure and its suppression. */
  begin(tx: SqlExecutor): Promise<void>;
  record(tx: SqlExecutor, erased: { profileId: string; identifiers: ErasureTargets['identifiers']; removed: Record<string, number>; reason: string }): Promise<ErasureReceipt>;
}

export interface ErasureCollaborators {
  /** Told while the person's data is still there, before the pipeline writes profile.deleted (the outbox forgets the old bodies). */
  beforePipeline: PersonDataEraser[];
  /** Told after the pipeline (segment exits are recorded, then forgotten), before the profile tables go. */
  afterPipeline: PersonDataEraser[];
  ledger: ErasureLedger;
}

/**
 * Erasure of one person (a data-subject request): the profile, every profile ever merged into it, all it came
 * from and all the other modules keep about it, in one transaction. The modules that keep copies of the old
 * data forget it first; the pipeline is told while the profile is there (computed traits go, segments record
 * the exits, the outbox writes profile.deleted); then the modules forget what the pipeline left, and the
 * profile tables go last. The ledger suppresses the person's identifiers and keeps a receipt.
 */
export class ProfileErasureService {
  constructor(
    private readonly database: Database,
    private readonly pipeline: ProfileChangePipeline,
    private readonly collaborators: ErasureCollaborators,
  ) {}

  async deleteProfile(profileId: string, reason = 'erasure request'): Promise<ErasureReceipt> {
    return this.database.transaction(async (tx) => {
      await this.collaborators.ledger.begin(tx);
      const profile = await lockProfileForErasure(tx, profileId);
      if (!profile) throw new HubError('NOT_FOUND', `No profile ${profileId}.`);
      if (profile.mergedIntoId) throw new HubError('CONFLICT', `Profile ${profileId} was merged into ${profile.mergedIntoId}; delete that profile to erase the person.`);
      const targets = await findErasureTargets(tx, profileId);
      const removed: Record<string, number> = {};
      const add = (counts: Record<string, number>) => {
        for (const [kind, count] of Object.entries(counts)) removed[kind] = (removed[kind] ?? 0) + count;
      };
      for (const eraser of this.collaborators.beforePipeline) add(await eraser.forgetPerson(tx, targets));
      await this.pipeline.run(tx, profileChange({ deleted: [profileId] }));
      for (const eraser of this.collaborators.afterPipeline) add(await eraser.forgetPerson(tx, targets));
      add(await eraseProfileRows(tx, targets));
      return this.collaborators.ledger.record(tx, { profileId, identifiers: targets.identifiers, removed, reason });
    });
  }
}
