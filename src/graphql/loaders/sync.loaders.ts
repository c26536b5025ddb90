import DataLoader from 'dataloader';
import type { PageRequest, SyncRunQueryService, SyncRunRow } from '../../modules/sync';
import { pagedListLoader } from './paged-list.loader';

/** Per-request loaders for sync runs (never shared between requests: they cache). */
export function createSyncLoaders(syncRuns: SyncRunQueryService) {
  return {
    /** The newest run of a connection: a list of connections costs one query for all of them. */
    lastRun: new DataLoader<string, SyncRunRow | null>(async (connectionIds) => {
      const latest = await syncRuns.latest(connectionIds);
      return connectionIds.map((id) => latest.get(id) ?? null);
    }),
    rejections: pagedListLoader((runIds, page: PageRequest) => syncRuns.rejections(runIds, page), (page) => JSON.stringify([page.first, page.afterId ?? null])),
  };
}

export type SyncLoaders = ReturnType<typeof createSyncLoaders>;
