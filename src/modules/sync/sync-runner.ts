import { ConnectorError, HttpClient, type Connector, type ConnectorContext, type StreamState } from '../../../connectors/sdk';
import type { Database } from '../../platform/database/database';
import type { Logger } from '../../platform/logger';
import type { SecretBox } from '../../platform/secret-box';
import type { IngestionService } from '../ingestion';
import { openConfig } from './connection-config';
import * as syncStore from './sync-checkpoint.store';
import type { StreamStats } from './sync-run.store';

/** Records are stored at least every this many, even when a connector checkpoints rarely. */
const MAX_BUFFERED_RECORDS = 1000;

export interface SyncTarget {
  runId: string;
  connectionId: string;
  /** The connection's name: the source its records are stored under. */
  source: string;
  connectorType: string;
  config: Record<string, unknown>;
  fullRefresh: boolean;
}

/** The run was cancelled while it ran; the batch in flight was not stored. */
export class RunCancelledError extends Error {
  constructor(runId: string) {
    super(`Run ${runId} was cancelled.`);
  }
}

export interface SyncOutcome {
  stats: Record<string, StreamStats>;
}

/**
 * Runs one sync: every stream of the connector, from its last checkpoint. Each checkpoint is saved in
 * the transaction that stores the records before it, so a run killed at any point resumes from the
 * last commit and neither loses nor duplicates a record. Connector errors propagate unchanged: the
 * caller decides between a retry and `needs_attention`.
 */
export class SyncRunner {
  constructor(
    private readonly database: Database,
    private readonly ingestion: IngestionService,
    private readonly connectors: ReadonlyMap<string, Connector>,
    private readonly secretBox: SecretBox,
    private readonly logger: Logger,
  ) {}

  connector(type: string): Connector {
    const connector = this.connectors.get(type);
    if (!connector) throw new ConnectorError('BAD_CONFIG', `No connector of type ${type}; known types: ${[...this.connectors.keys()].join(', ')}`);
    return connector;
  }

  async run(target: SyncTarget, onProgress: (stats: Record<string, StreamStats>) => void = () => {}): Promise<SyncOutcome> {
    const connector = this.connector(target.connectorType);
    const config = openConfig(connector.spec, target.config, this.secretBox);
    const context: ConnectorContext = { http: (options) => new HttpClient(options) };
    if (target.fullRefresh) await syncStore.clearStreamStates(this.database, target.connectionId);
    const states = await syncStore.loadStreamStates(this.database, target.connectionId);
    const stats = await syncStore.loadRunStats(this.database, target.runId);
    for (const { name } of connector.streams(config)) {
      const streamStats = (stats[name] ??= { read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 });
      let records: Record<string, unknown>[] = [];
      let rejections: { reason: string; raw: unknown }[] = [];
      const flush = async (state?: StreamState) => {
        await this.database.transaction(async (tx) => {
          const result = await this.ingestion.ingestInTransaction(tx, target.source, records);
          const rejected = [...rejections, ...result.rejections.map((r) => ({ reason: r.reason, raw: records[r.index] }))];
          streamStats.read += records.length + rejections.length;
          streamStats.created += result.created;
          streamStats.updated += result.updated;
          streamStats.unchanged += result.unchanged;
          streamStats.rejected += rejected.length;
          await syncStore.saveRejections(tx, target.runId, name, rejected);
          if (state) await syncStore.saveStreamState(tx, target.connectionId, name, state);
          if (!(await syncStore.saveRunStats(tx, target.runId, stats))) throw new RunCancelledError(target.runId);
        });
        records = [];
        rejections = [];
        onProgress(stats);
      };
      for await (const message of connector.read(name, config, states.get(name), context)) {
        if (message.type === 'record') records.push(message.record);
        else if (message.type === 'rejection') rejections.push({ reason: message.reason, raw: message.raw });
        else await flush(message.state);
        if (records.length >= MAX_BUFFERED_RECORDS) await flush();
      }
      if (records.length > 0 || rejections.length > 0) await flush();
      this.logger.info({ runId: target.runId, stream: name, stats: streamStats }, 'stream synced');
    }
    return { stats };
  }
}
