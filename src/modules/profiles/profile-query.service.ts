import type { CountryCode } from 'libphonenumber-js';
import type { Database } from '../../platform/database/database';
import { HubError } from '../../errors/hub-error';
import { IDENTITY_TYPES, normalizeIdentityValue, type IdentityType } from '../ingestion/identifiers';

export interface ProfileRow {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProfileFilter {
  identity?: { type: string; value: string };
  trait?: { key: string; value: string };
  source?: string;
  updatedSince?: Date;
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

  /** A profile by id; an id absorbed by a merge answers with the profile it was merged into. */
  async findById(id: string): Promise<ProfileRow | null> {
    const rows = await this.database.query<ProfileRow & { mergedIntoId: string | null }>(
      `select ${PROFILE_COLUMNS}, p.merged_into_id as "mergedIntoId" from profiles p where p.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    return row.mergedIntoId ? this.findById(row.mergedIntoId) : toProfileRow(row);
  }

  async findByIdentity(type: string, value: string): Promise<ProfileRow | null> {
    const normalized = this.normalizeIdentity(type, value);
    const rows = await this.database.query<ProfileRow>(
      `select ${PROFILE_COLUMNS} from identities i join profiles p on p.id = i.profile_id where i.type = $1 and i.value = $2 limit 1`,
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
