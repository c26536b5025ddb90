import { IDENTITY_TYPES, isIdentityType, normalizeIdentifier, quoteValue, type IdentifierReading } from '../../../connectors/sdk/records';
import { HubError } from '../../errors/hub-error';
import type { Database } from '../../platform/database/database';
import * as store from './profile-query.store';
import type { ProfileFilter, ProfileRow, ProfileWithDetails } from './profile-query.store';
import { anySourceRecord } from './source-record.store';

export interface ProfilePage {
  rows: ProfileRow[];
  hasNextPage: boolean;
}

/** Reads of unified profiles; identity values are looked up the way ingestion stored them. */
export class ProfileQueryService {
  constructor(
    private readonly database: Database,
    private readonly reading: IdentifierReading,
  ) {}

  findById(id: string): Promise<ProfileWithDetails | null> {
    return store.findProfileById(this.database, id);
  }

  /**
   * The one profile holding an identifier, or null. Several people may share a value (a household phone, an agency
   * e-mail): then there is no one answer, and the caller is told how many hold it and how to see them.
   */
  async findByIdentity(type: string, value: string): Promise<ProfileRow | null> {
    const { rows, holders } = await store.findProfilesByIdentity(this.database, type, this.normalizeIdentity(type, value), 1);
    if (holders > 1) {
      throw new HubError('CONFLICT', `${holders} profiles hold this ${type}; profilesByIdentity(type, value) returns them all.`, { holders });
    }
    return rows[0] ?? null;
  }

  /** Every profile holding an identifier, in id order (none: an empty list). */
  async findAllByIdentity(type: string, value: string): Promise<ProfileRow[]> {
    return (await store.findProfilesByIdentity(this.database, type, this.normalizeIdentity(type, value))).rows;
  }

  list(filter: ProfileFilter, first: number, after?: string): Promise<ProfilePage> {
    return store.listProfiles(this.database, this.storedFilter(filter), first, after);
  }

  count(filter: ProfileFilter): Promise<number> {
    return store.countProfiles(this.database, this.storedFilter(filter));
  }

  /** Whether the store holds any profile data at all. */
  hasRecords(): Promise<boolean> {
    return anySourceRecord(this.database);
  }

  private storedFilter(filter: ProfileFilter): ProfileFilter {
    if (!filter.identity) return filter;
    return { ...filter, identity: { type: filter.identity.type, value: this.normalizeIdentity(filter.identity.type, filter.identity.value) } };
  }

  /** Callers may pass "138 0013 8000" or " Ann@X.com": the value is normalized as ingestion normalizes it. */
  private normalizeIdentity(type: string, value: string): string {
    if (!isIdentityType(type)) throw new HubError('BAD_USER_INPUT', `Unknown identity type '${quoteValue(type)}'; use one of ${IDENTITY_TYPES.join(', ')}.`);
    const normalized = normalizeIdentifier(type, value, this.reading);
    if (normalized === undefined) throw new HubError('BAD_USER_INPUT', `'${type}' value is not valid${type === 'external_id' ? ': use source:id, e.g. shop:1001' : ''}.`);
    return normalized;
  }
}
