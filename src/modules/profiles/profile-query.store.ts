import type { SqlExecutor } from '../../platform/database/database';
import { withTraitDates, type IdentityRow, type TraitRow } from './profile-details.store';

/**
 * The SQL of reading unified profiles. Lists page in id order (ids are time-ordered ULIDs), so a cursor is
 * just the last id seen and a page costs one index range scan.
 *
 * Borrows (reads only): segment_memberships, owned by segments, for the members-of-a-segment filter.
 */

export interface ProfileRow {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProfileWithDetails extends ProfileRow {
  identities: IdentityRow[];
  traits: TraitRow[];
}

/** Which profiles a list holds; all given conditions must hold. The store compares identity values as stored (normalized). */
export interface ProfileFilter {
  identity?: { type: string; value: string };
  trait?: { key: string; value: string };
  source?: string;
  updatedSince?: Date;
  /** Members of this saved segment. */
  segmentId?: string;
}

const PROFILE_COLUMNS = 'p.id, p.created_at as "createdAt", p.updated_at as "updatedAt"';

/**
 * A profile by id, with its identities and traits (what a profile view nearly always shows) in the same
 * statement: one round trip instead of three. An id absorbed by a merge answers with the profile it was
 * merged into (merges keep merged_into_id pointing at the final survivor, so one hop suffices).
 */
export async function findProfileById(executor: SqlExecutor, id: string): Promise<ProfileWithDetails | null> {
  const rows = await executor.query<ProfileRow & { identities: IdentityRow[]; traits: TraitRow[] }>(
    `select ${PROFILE_COLUMNS},
            coalesce((select json_agg(json_build_object('profileId', i.profile_id, 'type', i.type, 'value', i.value, 'source', i.source) order by i.type, i.value)
                        from identities i where i.profile_id = p.id), '[]') as identities,
            coalesce((select json_agg(json_build_object('profileId', t.profile_id, 'key', t.key, 'value', t.value, 'source', t.source,
                                                        'sourceRecordId', t.source_record_id, 'observedAt', t.observed_at, 'rule', t.rule,
                                                        'candidates', t.candidates) order by t.key)
                        from traits t where t.profile_id = p.id), '[]') as traits
       from profiles p
      where p.id = (select coalesce(merged_into_id, id) from profiles where id = $1)`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  return { ...toProfileRow(row), identities: row.identities, traits: row.traits.map(withTraitDates) };
}

/** The profiles holding an identifier (at most `limit` of them, in id order), and how many hold it in all. */
export async function findProfilesByIdentity(executor: SqlExecutor, type: string, value: string, limit: number | null = null): Promise<{ rows: ProfileRow[]; holders: number }> {
  const rows = await executor.query<ProfileRow & { holders: number }>(
    `select ${PROFILE_COLUMNS}, count(*) over ()::int as holders
       from identities i join profiles p on p.id = i.profile_id
      where i.type = $1 and i.value = $2
      order by p.id
      limit $3`,
    [type, value, limit],
  );
  return { rows: rows.map(toProfileRow), holders: rows[0]?.holders ?? 0 };
}

export async function listProfiles(executor: SqlExecutor, filter: ProfileFilter, first: number, after?: string): Promise<{ rows: ProfileRow[]; hasNextPage: boolean }> {
  const { where, params } = filterClause(filter);
  if (after !== undefined) {
    params.push(after);
    where.push(`p.id > $${params.length}`);
  }
  params.push(first + 1);
  const rows = await executor.query<ProfileRow>(`select ${PROFILE_COLUMNS} from profiles p where ${where.join(' and ')} order by p.id limit $${params.length}`, params);
  return { rows: rows.slice(0, first).map(toProfileRow), hasNextPage: rows.length > first };
}

export async function countProfiles(executor: SqlExecutor, filter: ProfileFilter): Promise<number> {
  const { where, params } = filterClause(filter);
  const [row] = await executor.query<{ count: string }>(`select count(*) as count from profiles p where ${where.join(' and ')}`, params);
  return Number(row.count);
}

function filterClause(filter: ProfileFilter): { where: string[]; params: unknown[] } {
  const where = ['p.merged_into_id is null'];
  const params: unknown[] = [];
  const next = (value: unknown) => (params.push(value), `$${params.length}`);
  if (filter.identity) {
    where.push(`exists (select 1 from identities i where i.profile_id = p.id and i.type = ${next(filter.identity.type)} and i.value = ${next(filter.identity.value)})`);
  }
  if (filter.trait) {
    where.push(`exists (select 1 from traits t where t.profile_id = p.id and t.key = ${next(filter.trait.key)} and t.value_text = ${next(filter.trait.value)})`);
  }
  if (filter.source) {
    where.push(`exists (select 1 from source_records s where s.profile_id = p.id and s.source = ${next(filter.source)})`);
  }
  if (filter.updatedSince) where.push(`p.updated_at >= ${next(filter.updatedSince)}`);
  if (filter.segmentId) where.push(`p.id in (select m.profile_id from segment_memberships m where m.segment_id = ${next(filter.segmentId)})`);
  return { where, params };
}

function toProfileRow(row: { id: string; createdAt: Date | string; updatedAt: Date | string }): ProfileRow {
  return { id: row.id, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) };
}

/** Profile rows as a statement answered them (timestamps as text), with dates. */
export function toProfileRows(rows: readonly { id: string; createdAt: Date | string; updatedAt: Date | string }[]): ProfileRow[] {
  return rows.map(toProfileRow);
}
