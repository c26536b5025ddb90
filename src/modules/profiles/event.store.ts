import type { CanonicalEvent } from '../../../connectors/sdk/records';
import type { SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';

/** The SQL of events: orders, interactions and the like, each from one source record. */

export interface EventWrite {
  profileId: string;
  sourceRecordId: string;
  events: CanonicalEvent[];
}

/** Replaces the events that came from the given records (a changed record re-sends all of its events). */
export async function replaceEvents(tx: SqlExecutor, source: string, writes: EventWrite[], replacedRecordIds: string[]): Promise<void> {
  if (replacedRecordIds.length > 0) await tx.query('delete from events where source_record_id = any($1::text[])', [replacedRecordIds]);
  const rows = writes.flatMap((write) => write.events.map((event, position) => ({ write, event, key: event.id ?? `#${position}` })));
  if (rows.length === 0) return;
  await tx.query(
    `insert into events (id, profile_id, source_record_id, source, event_key, type, occurred_at, amount, properties)
     select r.id, r.profile_id, r.source_record_id, $1, r.event_key, r.type, r.occurred_at, r.amount, r.properties
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::numeric[], $9::jsonb[])
            as r(id, profile_id, source_record_id, event_key, type, occurred_at, amount, properties)
     on conflict (source_record_id, event_key) do update
        set type = excluded.type, occurred_at = excluded.occurred_at, amount = excluded.amount, properties = excluded.properties`,
    [
      source,
      rows.map(() => newId('event')),
      rows.map((row) => row.write.profileId),
      rows.map((row) => row.write.sourceRecordId),
      rows.map((row) => row.key),
      rows.map((row) => row.event.type),
      rows.map((row) => row.event.occurred_at),
      rows.map((row) => row.event.amount ?? null),
      rows.map((row) => JSON.stringify(row.event.properties ?? {})),
    ],
  );
}

/** An event as computations over a profile's history read it. */
export interface ProfileEventRow {
  id: string;
  type: string;
  source: string;
  occurredAt: Date;
  amount: number | null;
  properties: Record<string, unknown>;
}

/** The events of live profiles among `profileIds`, grouped by profile; merged-away profiles are absent. */
export async function eventsOfLiveProfiles(executor: SqlExecutor, profileIds: readonly string[]): Promise<Map<string, ProfileEventRow[]>> {
  const rows = await executor.query<Omit<ProfileEventRow, 'amount'> & { profileId: string; amount: string | null }>(
    `select p.id as "profileId", e.id, e.type, e.source, e.occurred_at as "occurredAt", e.amount, e.properties
       from profiles p join events e on e.profile_id = p.id
      where p.id = any($1::text[]) and p.merged_into_id is null`,
    [profileIds],
  );
  const byProfile = new Map<string, ProfileEventRow[]>();
  for (const { profileId, amount, ...event } of rows) {
    const events = byProfile.get(profileId) ?? [];
    events.push({ ...event, occurredAt: new Date(event.occurredAt), amount: amount === null ? null : Number(amount) });
    byProfile.set(profileId, events);
  }
  return byProfile;
}

/** Live profiles with events of the given types, in id order after `after`: what a scheduled recomputation walks in pages. */
export async function liveProfilesWithEventsAfter(executor: SqlExecutor, eventTypes: readonly string[], after: string, limit: number): Promise<string[]> {
  const rows = await executor.query<{ id: string }>(
    `select p.id from profiles p
      where p.merged_into_id is null and p.id > $1
        and exists (select 1 from events e where e.profile_id = p.id and e.type = any($3::text[]))
      order by p.id limit $2`,
    [after, limit, eventTypes],
  );
  return rows.map((row) => row.id);
}
