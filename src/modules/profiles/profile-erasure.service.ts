import { HubError } from '../../errors/hub-error';
import type { Database } from '../../platform/database/database';
import { profileChange, type ProfileChangeObserver } from './profile-changes';
import { eraseProfile } from './profile-erasure.store';

/**
 * Erasure of one person (a data-subject request): the profile and all it came from, in one transaction.
 * The observers are told first, while the data is there: segments record the exits, the webhook outbox
 * drops the profile's stored events and writes profile.deleted.
 */
export class ProfileErasureService {
  constructor(
    private readonly database: Database,
    private readonly profileChanges?: ProfileChangeObserver,
  ) {}

  async deleteProfile(profileId: string): Promise<{ sourceRecords: number }> {
    return this.database.transaction(async (tx) => {
      const [profile] = await tx.query<{ merged_into_id: string | null }>('select merged_into_id from profiles where id = $1 for update', [profileId]);
      if (!profile) throw new HubError('NOT_FOUND', `No profile ${profileId}.`);
      if (profile.merged_into_id) throw new HubError('CONFLICT', `Profile ${profileId} was merged into ${profile.merged_into_id}; delete that profile to erase the person.`);
      await this.profileChanges?.profilesChanged(tx, profileChange({ deleted: [profileId] }));
      return eraseProfile(tx, profileId);
    });
  }
}
