import type { Database } from '../../platform/database/database';
import { consentsOf, type ConsentRow } from './consent.store';
import * as store from './profile-details.store';
import type { EventPageRequest, EventRow, IdentityRow, MergeDecisionRow, SourceRecordRow, TraitRow } from './profile-details.store';

/**
 * Batched reads of what hangs off a profile. Each method takes many profile ids and answers with one
 * statement, so a page of profiles costs a fixed number of queries (the GraphQL loaders call these).
 */
export class ProfileDetailsService {
  constructor(private readonly database: Database) {}

  identities(profileIds: readonly string[]): Promise<Map<string, IdentityRow[]>> {
    return store.identitiesOf(this.database, profileIds);
  }

  traits(profileIds: readonly string[]): Promise<Map<string, TraitRow[]>> {
    return store.traitsOf(this.database, profileIds);
  }

  sources(profileIds: readonly string[]): Promise<Map<string, string[]>> {
    return store.sourcesOf(this.database, profileIds);
  }

  sourceRecords(profileIds: readonly string[]): Promise<Map<string, SourceRecordRow[]>> {
    return store.sourceRecordsOf(this.database, profileIds);
  }

  /** Merges and splits a profile took part in, on either side, newest first. */
  mergeHistory(profileIds: readonly string[]): Promise<Map<string, MergeDecisionRow[]>> {
    return store.mergeHistoryOf(this.database, profileIds);
  }

  /** The consents that hold for each profile (the latest statement per channel and purpose); with `withLineage`, every source's statement. */
  consents(profileIds: readonly string[], withLineage = false): Promise<Map<string, ConsentRow[]>> {
    return consentsOf(this.database, profileIds, withLineage);
  }

  /** One page of events (newest first) for each profile. */
  events(profileIds: readonly string[], page: EventPageRequest): Promise<Map<string, EventRow[]>> {
    return store.eventsOf(this.database, profileIds, page);
  }
}
