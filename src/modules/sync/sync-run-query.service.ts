import type { Database } from '../../platform/database/database';
import * as store from './sync-run.store';
import type { PageRequest, SyncRejectionRow, SyncRunRow } from './sync-run.store';

/**
 * Reads of sync runs and their rejected rows for the API. Methods that take many ids answer with one
 * statement, so a list of connections or runs costs a fixed number of queries (the GraphQL loaders call these).
 */
export class SyncRunQueryService {
  constructor(private readonly database: Database) {}

  byId(runId: string): Promise<SyncRunRow | null> {
    return store.findRun(this.database, runId);
  }

  /** The newest run of each connection (connections without runs are absent from the map). */
  latest(connectionIds: readonly string[]): Promise<Map<string, SyncRunRow>> {
    return store.latestRuns(this.database, connectionIds);
  }

  /** A connection's runs, newest first. */
  page(connectionId: string, page: PageRequest): Promise<{ rows: SyncRunRow[]; hasNextPage: boolean }> {
    return store.pageOfRuns(this.database, connectionId, page);
  }

  /** Up to `first` rejected rows (oldest first) for each run. */
  rejections(runIds: readonly string[], page: PageRequest): Promise<Map<string, SyncRejectionRow[]>> {
    return store.rejectionsOf(this.database, runIds, page);
  }
}
