import type { CountryCode } from 'libphonenumber-js';
import type { Database } from '../../platform/database/database';
import { HubError } from '../../errors/hub-error';
import { IDENTITY_TYPES, normalizeIdentityValue, type IdentityType } from '../ingestion/identifiers';
import { withTraitDates, type IdentityRow, type TraitRow } from './profile-details.service';

export interface ProfileRow {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProfileWithDetails extends ProfileRow {
  identities: IdentityRow[];
  traits: TraitRow[];
}

export interface ProfileFilter {
  identity?: { type: string; value: string };
  trait?: { key: string; value: string };
  source?: string;
  updatedSince?: Date;
  /** Members of this saved segment. */
  segmentId?: string;
}

export interface ProfilePage {
  rows: ProfileRow[];
  hasNextPage: boolean;
}

const PROFILE_COLUMNS = 'p.id, p.created_at as "createdAt", p.updated_at as "updatedAt"';

/**
 * Reads of unified profiles. Profile lists page in id order (ids are time-ordered ULIDs), so a
 * cursor is just the last id seen and a page costs one index range scan.
 */
export class ProfileQueryService {
  constructor(
    private readonly database: Database,
    private readonly defaultRegion: CountryCode,
  ) {}

  /**
   * A profile by id, with its identities and traits (what a profile view nearly always shows) in the
   * same statement: one round trip instead of three. An id absorbed by a merge answers with the profile
   * it was merged into (merges keep merged_into_id pointing at the final survivor, so one hop suffices).
   */
  async findById(id: string): Promise<ProfileWithDetails | null> {
    const rows = await this.database.query<ProfileRow & { identities: IdentityRow[]; traits: TraitRow[] }>(
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
    return {
      ...toProfileRow(row),
      identities: row.identities,
      traits: row.traits.map(withTraitDates),
    };
  }

  async findByIdentity(type: string, value: string): Promise<ProfileRow | null> {
    const normalized = this.normalizeIdentity(type, value);
    const rows = await this.database.query<ProfileRow>(
      `select ${PROFILE_COLUMNS} from identities i join profiles p on p.id = i.profile_id where i.type = $1 and i.value = $2 order by p.id limit 1`,
      [type, normalized],
    );
    return rows[0] ? toProfileRow(rows[0]) : null;
  }

  async list(filter: ProfileFilter, first: number, after?: string): Promise<ProfilePage> {
    const { where, params } = this.filterClause(filter);
    if (after !== undefined) {
      params.push(after);
      where.push(`p.id > $${params.length}`);
    }
    params.push(first + 1);
    const rows = await this.database.query<ProfileRow>(
      `select ${PROFILE_COLUMNS} from profiles p where ${where.join(' and ')} order by p.id limit $${params.length}`,
      params,
    );
    return { rows: rows.slice(0, first).map(toProfileRow), hasNextPage: rows.length > first };
  }

  async count(filter: ProfileFilter): Promise<number> {
    const { where, params } = this.filterClause(filter);
    const [row] = await this.database.query<{ count: string }>(`select count(*) as count from profiles p where ${where.join(' and ')}`, params);
    return Number(row.count);
  }

  private filterClause(filter: ProfileFilter): { where: string[]; params: unknown[] } {
    const where = ['p.merged_into_id is null'];
    const params: unknown[] = [];
    const next = (value: unknown) => (params.push(value), `$${params.length}`);
    if (filter.identity) {
      const value = this.normalizeIdentity(filter.identity.type, filter.identity.value);
      where.push(`exists (select 1 from identities i where i.profile_id = p.id and i.type = ${next(filter.identity.type)} and i.value = ${next(value)})`);
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

  /** Looks a value up the way ingestion stored it, so callers may pass "138 0013 8000" or " Ann@X.com". */
  private normalizeIdentity(type: string, value: string): string {
    if (!(IDENTITY_TYPES as readonly string[]).includes(type)) {
      throw new HubError('BAD_USER_INPUT', `Unknown identity type '${type}'; use one of ${IDENTITY_TYPES.join(', ')}.`);
    }
    const normalized = normalizeIdentityValue(type as IdentityType, value, this.defaultRegion);
    if (normalized === undefined) throw new HubError('BAD_USER_INPUT', `'${type}' value is not valid${type === 'external_id' ? ': use source:id, e.g. shop:1001' : ''}.`);
    return normalized;
  }
}

function toProfileRow(row: { id: string; createdAt: Date | string; updatedAt: Date | string }): ProfileRow {
  return { id: row.id, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) };
}
