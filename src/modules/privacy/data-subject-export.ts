import { HubError } from '../../errors/hub-error';
import type { Database } from '../../platform/database/database';
import { computedTraitsOf } from '../computed-traits';
import { personProfileData } from '../profiles';
import { segmentDataOf, segmentNames } from '../segments';
import { webhookEventsAbout } from '../webhooks';
import { readOneSnapshot } from './export-snapshot.store';

/**
 * The right of access: everything the hub holds about one person, as one JSON document — the profile, its
 * identities, traits with their lineage, source records, events, computed traits, segments and their history,
 * merge history, consents, and the webhook events about it. Read in one repeatable-read snapshot, so the parts agree.
 */
export class DataSubjectExport {
  constructor(private readonly database: Database) {}

  async export(profileId: string): Promise<Record<string, unknown>> {
    return this.database.transaction(async (tx) => {
      await readOneSnapshot(tx);
      const person = await personProfileData(tx, profileId);
      if (!person) throw new HubError('NOT_FOUND', `No profile ${profileId}.`);
      const ids = [person.profile.id, ...person.mergedProfileIds];
      const segments = await segmentDataOf(tx, ids);
      const names = await segmentNames(tx, [...new Set([...segments.memberships, ...segments.changes].map((row) => row.segmentId))]);
      return {
        exportedAt: new Date().toISOString(),
        ...person,
        computedTraits: (await computedTraitsOf(tx, ids)).map(({ profileId: _profileId, ...trait }) => trait),
        segmentMemberships: segments.memberships.map((row) => ({ segmentId: row.segmentId, segmentName: names.get(row.segmentId) ?? null })),
        segmentHistory: segments.changes.map((row) => ({ segmentId: row.segmentId, segmentName: names.get(row.segmentId) ?? null, change: row.change, occurredAt: row.occurredAt })),
        webhookEvents: await webhookEventsAbout(tx, ids),
      };
    });
  }
}
