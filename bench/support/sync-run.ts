import pino from 'pino';
import type { Connector, ConnectorConfig } from '../../connectors/sdk/connector';
import { HttpClient } from '../../connectors/sdk/http-client';
import type { HubConfig } from '../../src/config';
import type { StreamStats } from '../../src/modules/sync';
import type { Database } from '../../src/platform/database/database';
import { createServices, type HubServices } from '../../src/app/services';

export interface CompletedSync {
  runId: string;
  status: string;
  attempts: number;
  lastError: string | null;
  streamStats: Record<string, StreamStats>;
  /** Seconds each stream took, in the order the runner read them. */
  streamSeconds: Record<string, number>;
}

export interface SyncWorker {
  /** The hub's services, built as `hub sync` builds them (no REDIS_URL: an in-process queue). */
  services: HubServices;
  /** Triggers a sync of the connection and waits until the queue has nothing left to run. */
  syncToEnd(connectionId: string): Promise<CompletedSync>;
  close(): Promise<void>;
}

/**
 * `hub sync <connection>` without REDIS_URL, minus the CLI: a worker takes sync jobs from the in-process
 * queue, a trigger queues one run, and draining the queue waits for it. The services log at info level
 * into memory: the runner's 'stream synced' lines say when each stream ended.
 */
export async function startSyncWorker(config: HubConfig, database: Database): Promise<SyncWorker> {
  const streamEnds: { stream: string; at: number }[] = [];
  const problems: string[] = [];
  const logger = pino(
    { level: 'info' },
    {
      write(line: string) {
        if (line.includes('"stream synced"')) streamEnds.push({ stream: JSON.parse(line).stream, at: performance.now() });
        else if (/"level":(40|50|60)/.test(line)) problems.push(line.trim());
      },
    },
  );
  const services = createServices(config, database, logger);
  await services.queue.startWorker(services.syncJobs.handlers());
  return {
    services,
    async syncToEnd(connectionId) {
      streamEnds.length = 0;
      problems.length = 0;
      const started = performance.now();
      const queued = await services.syncJobs.trigger(connectionId, { fullRefresh: false, trigger: 'manual' });
      await services.queue.drain();
      const [run] = await database.query<{ status: string; attempts: number; last_error: string | null; stream_stats: Record<string, StreamStats> }>(
        'select status, attempts, last_error, stream_stats from sync_runs where id = $1',
        [queued.runId],
      );
      const streamSeconds: Record<string, number> = {};
      streamEnds.forEach(({ stream, at }, index) => (streamSeconds[stream] = (at - (index === 0 ? started : streamEnds[index - 1].at)) / 1000));
      const lastError = run.last_error ?? (problems.length > 0 ? problems.join('\n') : null);
      return { runId: queued.runId, status: run.status, attempts: run.attempts, lastError, streamStats: run.stream_stats, streamSeconds };
    },
    close: () => services.queue.close(),
  };
}

export interface SourceRead {
  seconds: number;
  records: number;
  rejections: number;
}

/**
 * Every stream of a connector read from scratch, with the HTTP client the sync runner gives it, and
 * nothing stored: the share of a sync that is the source's (platform, transport, parsing, mapping).
 */
export async function readSourceOnly(connector: Connector, config: ConnectorConfig): Promise<SourceRead> {
  const started = performance.now();
  let records = 0;
  let rejections = 0;
  for (const { name } of connector.streams(config)) {
    for await (const message of connector.read(name, config, undefined, { http: (options) => new HttpClient(options) })) {
      if (message.type === 'record') records++;
      else if (message.type === 'rejection') rejections++;
    }
  }
  return { seconds: (performance.now() - started) / 1000, records, rejections };
}
