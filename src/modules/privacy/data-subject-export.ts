import { HubError } from '../../errors/hub-error';
import type { Database, SqlExecutor } from '../../platform/database/database';
import { computedTraitsOf } from '../computed-traits';
import { personProfileData } from '../profiles';
import { segmentDataOf, segmentNames } from '../segments';
import { webhookEventsAbout } from '../webhooks';

/** A part of the export another module contributes (consents, …): its name and what it holds about these profiles. */
export interface ExportSection {
  name: string;
  collect(executor: SqlExecutor, profileIds: readonly string[]): Promise<unknown>;
}

/**
 * The right of access: everything the hub holds about one person, as one JSON document — the profile, its
 * identities, traits with their lineage, source records, events, computed traits, segments and their history,
 * merge history, and the webhook events about it. Read in one repeatable-read snapshot, so the parts agree.
 */
export class DataSubjectExport {
  constructor(
    private readonly database: Database,
    private readonly sections: readonly ExportSection[] = [],
  ) {}

  async export(profileId: string): Promise<Record<string, unknown>> {
    return this.database.transaction(async (tx) => {
      await tx.query('set transaction isolation level repeatable read, read only');
      const person = await personProfileData(tx, profileId);
      if (!person) throw new HubError('NOT_FOUND', `No profile ${profileId}.`);
      const ids = [person.profile.id, ...person.mergedProfileIds];
      const segments = await segmentDataOf(tx, ids);
      const names = await segmentNames(tx, [...new Set([...segments.memberships, ...segments.changes].map((row) => row.segmentId))]);
      const extra: Record<string, unknown> = {};
      for (const section of this.sections) extra[section.name] = await section.collect(tx, ids);
      return {
        exportedAt: new Date().toISOString(),
        ...person,
        computedTraits: (await computedTraitsOf(tx, ids)).map(({ profileId: _profileId, ...trait }) => trait),
        segmentMemberships: segments.memberships.map((row) => ({ segmentId: row.segmentId, segmentName: names.get(row.segmentId) ?? null })),
        segmentHistory: segments.changes.map((row) => ({ segmentId: row.segmentId, segmentName: names.get(row.segmentId) ?? null, change: row.change, occurredAt: row.occurredAt })),
        webhookEvents: await webhookEventsAbout(tx, ids),
        ...extra,
      };
    });
  }
}
