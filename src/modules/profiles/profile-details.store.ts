import type { SqlExecutor } from '../../platform/database/database';

/**
 * The SQL of reading what hangs off profiles. Each function takes many profile ids and answers with one
 * statement, so a page of profiles costs a fixed number of queries (the GraphQL loaders call these).
 */

export interface IdentityRow { profileId: string; type: string; value: string; source: string }
export interface TraitCandidateRow { value: unknown; source: string; sourceRecordId: string; observedAt: Date }
export interface TraitRow { profileId: string; key: string; value: unknown; source: string; sourceRecordId: string; observedAt: Date; rule: string; candidates: TraitCandidateRow[] }
export interface SourceRecordRow { id: string; profileId: string; source: string; externalId: string; payload: Record<string, unknown>; firstSeenAt: Date; lastSeenAt: Date }
export interface MergeDecisionRow {
  id: string; kind: 'merge' | 'split'; survivingProfileId: string; mergedProfileId: string; mergedSourceRecordIds: string[]; rule: string;
  probability: number | null; evidence: Record<string, unknown>; actor: string; decidedAt: Date; reversedAt: Date | null;
}
export interface EventRow {
  id: string; profileId: string; type: string; occurredAt: Date; amount: number | null; source: string; sourceRecordId: string; properties: Record<string, unknown>;
}
export interface EventPageRequest { first: number; type?: string; after?: { occurredAt: Date; id: string } }

export async function identitiesOf(executor: SqlExecutor, profileIds: readonly string[]): Promise<Map<string, IdentityRow[]>> {
  const rows = await executor.query<IdentityRow>(
    'select profile_id as "profileId", type, value, source from identities where profile_id = any($1::text[]) order by type, value',
    [profileIds],
  );
  return groupBy(rows, (row) => row.profileId);
}

export async function traitsOf(executor: SqlExecutor, profileIds: readonly string[]): Promise<Map<string, TraitRow[]>> {
  const rows = await executor.query<TraitRow>(
    `select profile_id as "profileId", key, value, source, source_record_id as "sourceRecordId", observed_at as "observedAt", rule, candidates
       from traits where profile_id = any($1::text[]) order by key`,
    [profileIds],
  );
  return groupBy(rows.map(withTraitDates), (row) => row.profileId);
}

export async function sourcesOf(executor: SqlExecutor, profileIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await executor.query<{ profileId: string; source: string }>(
    'select distinct profile_id as "profileId", source from source_records where profile_id = any($1::text[]) order by source',
    [profileIds],
  );
  const grouped = groupBy(rows, (row) => row.profileId);
  return new Map([...grouped].map(([id, list]) => [id, list.map((row) => row.source)]));
}

export async function sourceRecordsOf(executor: SqlExecutor, profileIds: readonly string[]): Promise<Map<string, SourceRecordRow[]>> {
  const rows = await executor.query<SourceRecordRow>(
    `select id, profile_id as "profileId", source, external_id as "externalId", payload, first_seen_at as "firstSeenAt", last_seen_at as "lastSeenAt"
       from source_records where profile_id = any($1::text[]) order by source, external_id`,
    [profileIds],
  );
  return groupBy(rows.map((row) => ({ ...row, firstSeenAt: new Date(row.firstSeenAt), lastSeenAt: new Date(row.lastSeenAt) })), (row) => row.profileId);
}

/** Merges and splits a profile took part in, on either side, newest first. */
export async function mergeHistoryOf(executor: SqlExecutor, profileIds: readonly string[]): Promise<Map<string, MergeDecisionRow[]>> {
  const rows = await executor.query<MergeDecisionRow & { forProfile: string }>(
    `select wanted.id as "forProfile", m.id, m.kind, m.surviving_profile_id as "survivingProfileId", m.merged_profile_id as "mergedProfileId",
            m.merged_source_record_ids as "mergedSourceRecordIds", m.rule, m.probability, m.evidence, m.actor, m.decided_at as "decidedAt",
            m.reversed_at as "reversedAt"
       from unnest($1::text[]) as wanted(id)
       join merge_decisions m on m.surviving_profile_id = wanted.id or m.merged_profile_id = wanted.id
      order by m.decided_at desc, m.id desc`,
    [profileIds],
  );
  const decisions = rows.map((row) => ({ ...row, decidedAt: new Date(row.decidedAt), reversedAt: row.reversedAt ? new Date(row.reversedAt) : null }));
  return groupBy(decisions, (row) => row.forProfile);
}

/** One page of events (newest first) for each profile, in one statement. */
export async function eventsOf(executor: SqlExecutor, profileIds: readonly string[], page: EventPageRequest): Promise<Map<string, EventRow[]>> {
  const rows = await executor.query<EventRow>(
    `select id, "profileId", type, "occurredAt", amount, source, "sourceRecordId", properties from (
       select e.id, e.profile_id as "profileId", e.type, e.occurred_at as "occurredAt", e.amount::float8 as amount, e.source,
              e.source_record_id as "sourceRecordId", e.properties,
              row_number() over (partition by e.profile_id order by e.occurred_at desc, e.id desc) as position
         from events e
        where e.profile_id = any($1::text[])
          and ($2::text is null or e.type = $2)
          and ($3::timestamptz is null or (e.occurred_at, e.id) < ($3, $4))
     ) ranked where position <= $5 order by "profileId", position`,
    [profileIds, page.type ?? null, page.after?.occurredAt ?? null, page.after?.id ?? null, page.first],
  );
  return groupBy(rows.map((row) => ({ ...row, occurredAt: new Date(row.occurredAt) })), (row) => row.profileId);
}

function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = grouped.get(key);
    if (list) list.push(row);
    else grouped.set(key, [row]);
  }
  return grouped;
}

/** Timestamps arrive as text (MikroORM's pg setup), inside the candidates' JSON too. */
export function withTraitDates<T extends { observedAt: Date | string; candidates: { observedAt: Date | string }[] }>(row: T): T & { observedAt: Date; candidates: TraitCandidateRow[] } {
  return {
    ...row,
    observedAt: new Date(row.observedAt),
    candidates: row.candidates.map((candidate) => ({ ...candidate, observedAt: new Date(candidate.observedAt) })) as TraitCandidateRow[],
  };
}
