import type { SqlExecutor } from '../../platform/database/database';
import { consentsOf, type ConsentRow } from './consent.store';
import { identitiesOf, mergeHistoryOf, sourceRecordsOf, traitsOf, type MergeDecisionRow, type SourceRecordRow, type TraitRow } from './profile-details.store';

/** Everything the profile tables hold about one person: what a data-subject export (right of access) starts from. */
export interface PersonProfileData {
  profile: { id: string; createdAt: Date; updatedAt: Date };
  /** Profiles merged into it, transitively (they exist only as tombstones). */
  mergedProfileIds: string[];
  identities: { type: string; value: string; raw: string; source: string; sourceRecordId: string }[];
  /** With lineage: the source, record, rule and the candidates each value was chosen from. */
  traits: TraitRow[];
  sourceRecords: SourceRecordRow[];
  events: { id: string; type: string; occurredAt: Date; amount: number | null; source: string; sourceRecordId: string; properties: Record<string, unknown> }[];
  mergeHistory: MergeDecisionRow[];
  /** Consents per channel and purpose, with the source and time of each statement. */
  consents: ConsentRow[];
}

/** The person a profile id names (a merged-away id names its survivor), or null when there is none. */
export async function personProfileData(executor: SqlExecutor, profileId: string): Promise<PersonProfileData | null> {
  const [live] = await executor.query<{ id: string; createdAt: Date; updatedAt: Date }>(
    `with recursive chain(id, merged_into_id, depth) as (
       select id, merged_into_id, 0 from profiles where id = $1
       union all select p.id, p.merged_into_id, c.depth + 1 from profiles p join chain c on p.id = c.merged_into_id where c.depth < 1000
     ) select p.id, p.created_at as "createdAt", p.updated_at as "updatedAt" from chain c join profiles p on p.id = c.id where c.merged_into_id is null`,
    [profileId],
  );
  if (!live) return null;
  const merged = await executor.query<{ id: string }>(
    `with recursive absorbed(id) as (select $1::text union select p.id from profiles p join absorbed a on p.merged_into_id = a.id)
     select id from absorbed where id <> $1 order by id`,
    [live.id],
  );
  const ids = [live.id];
  const identities = await executor.query<PersonProfileData['identities'][number]>(
    'select type, value, raw_value as raw, source, source_record_id as "sourceRecordId" from identities where profile_id = $1 order by type, value',
    [live.id],
  );
  const events = await executor.query<PersonProfileData['events'][number]>(
    `select id, type, occurred_at as "occurredAt", amount::float8 as amount, source, source_record_id as "sourceRecordId", properties
       from events where profile_id = $1 order by occurred_at, id`,
    [live.id],
  );
  return {
    profile: { id: live.id, createdAt: new Date(live.createdAt), updatedAt: new Date(live.updatedAt) },
    mergedProfileIds: merged.map((row) => row.id),
    identities,
    traits: (await traitsOf(executor, ids)).get(live.id) ?? [],
    sourceRecords: (await sourceRecordsOf(executor, ids)).get(live.id) ?? [],
    events: events.map((event) => ({ ...event, occurredAt: new Date(event.occurredAt) })),
    consents: (await consentsOf(executor, ids, true)).get(live.id) ?? [],
    mergeHistory: [...new Map([...(await mergeHistoryOf(executor, [live.id, ...merged.map((row) => row.id)])).values()].flat().map((decision) => [decision.id, decision])).values()],
  };
}
