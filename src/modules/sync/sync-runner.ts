import { ConnectorError, type Connector, type ConnectorConfig, type ConnectorContext, type StreamState } from '../../../connectors/sdk';
import type { Database } from '../../platform/database/database';
import type { Logger } from '../../platform/logger';
import type { SecretBox } from '../../platform/secret-box';
import type { IngestionService } from '../ingestion';
import { openConfig, sealRotatedSecrets } from './connection-config';
import { connectorContext, resolveFolders, type ConnectionDestinationPolicy } from './connection-destination';
import { RunCancellations, RunCancelledError } from './run-cancellation';
import { saveRotatedSecrets } from './connection.store';
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
  /** The connection's region: where phones without a country code are read when a record's country says nothing; null: the hub's default. */
  region: string | null;
  fullRefresh: boolean;
  /** The built-in demo's emulator connection: it may reach the private address its emulator listens on. */
  demoEmulator?: boolean;
}

export interface SyncOutcome {
  stats: Record<string, StreamStats>;
}

/**
 * Runs one sync: every stream of the connector, from its last checkpoint. Each checkpoint is saved in
 * the transaction that stores the records before it, so a run killed at any point resumes from the
 * last commit and neither loses nor duplicates a record. Connector errors propagate unchanged: the
 * caller decides between a retry and `needs_attention`. A cancelled run stops at once, its HTTP request
 * in flight aborted, with RunCancelledError; what it had not stored yet is dropped.
 */
export class SyncRunner {
  constructor(
    private readonly database: Database,
    private readonly ingestion: IngestionService,
    private readonly connectors: ReadonlyMap<string, Connector>,
    private readonly secretBox: SecretBox,
    private readonly logger: Logger,
    private readonly destinations: ConnectionDestinationPolicy,
    private readonly cancellations = new RunCancellations(database, logger),
  ) {}

  connector(type: string): Connector {
    const connector = this.connectors.get(type);
    if (!connector) throw new ConnectorError('BAD_CONFIG', `No connector of type ${type}; known types: ${[...this.connectors.keys()].join(', ')}`);
    return connector;
  }

  async run(target: SyncTarget, onProgress: (stats: Record<string, StreamStats>) => void = () => {}): Promise<SyncOutcome> {
    const connector = this.connector(target.connectorType);
    // A folder outside the import root (kept from before there was one) fails the run here, unrecoverable: the connection needs attention, with the reason.
    const config = await resolveFolders(connector.spec, openConfig(connector.spec, target.config, this.secretBox), this.destinations.importRoot);
    const watched = await this.cancellations.watch(target.runId);
    try {
      return await this.readStreams(target, connector, config, watched.signal, onProgress);
    } finally {
      await watched.stop();
    }
  }

  private async readStreams(target: SyncTarget, connector: Connector, config: ConnectorConfig, signal: AbortSignal, onProgress: (stats: Record<string, StreamStats>) => void): Promise<SyncOutcome> {
    // Injected here, not left to each connector: every client a connector builds stops when the run is cancelled.
    // Their fetch refuses private addresses at every connection, unless private targets are allowed.
    const context: ConnectorContext = connectorContext(this.destinations, target.demoEmulator ?? false, (options) => ({ ...options, signal: options.signal ? AbortSignal.any([options.signal, signal]) : signal }), signal);
    if (target.fullRefresh) await syncStore.clearStreamStates(this.database, target.connectionId);
    const states = await syncStore.loadStreamStates(this.database, target.connectionId);
    const stats = await syncStore.loadRunStats(this.database, target.runId);
    // Rotated secrets replace the ones the run started with, for the streams still to read.
    const live: ConnectorConfig = { ...config };
    for (const { name } of connector.streams(config)) {
      const streamStats = (stats[name] ??= { read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, suppressed: 0 });
      // Saved as the stream starts: whoever follows the run sees which stream it reads, and every stream has its counts, 0 when nothing was new.
      await this.saveStats(target.runId, stats, onProgress);
      let records: Record<string, unknown>[] = [];
      let rejections: { reason: string; raw: unknown }[] = [];
      // Secrets the connector rotated (a refresh token replaced on use), sealed: stored with the batch and checkpoint they came with.
      let secrets: Record<string, string> | undefined;
      const flush = async (state?: StreamState) => {
        const rotated = secrets;
        try {
          await this.database.transaction(async (tx) => {
            const result = await this.ingestion.ingestInTransaction(tx, target.source, records, { region: target.region ?? undefined });
            const rejected = [...rejections, ...result.rejections.map((r) => ({ reason: r.reason, raw: records[r.index] }))];
            streamStats.read += records.length + rejections.length;
            streamStats.created += result.created;
            streamStats.updated += result.updated;
            streamStats.unchanged += result.unchanged;
            streamStats.rejected += rejected.length;
            streamStats.suppressed = (streamStats.suppressed ?? 0) + result.suppressed;
            await syncStore.saveRejections(tx, target.runId, name, rejected);
            if (state) await syncStore.saveStreamState(tx, target.connectionId, name, state);
            if (rotated) await saveRotatedSecrets(tx, target.connectionId, rotated);
            if (!(await syncStore.saveRunStats(tx, target.runId, stats))) throw new RunCancelledError(target.runId);
          });
        } catch (error) {
          // The platform no longer accepts the old secret: a batch that could not commit (a cancelled run) must not take the new one with it.
          if (rotated) await saveRotatedSecrets(this.database, target.connectionId, rotated);
          throw error;
        }
        secrets = undefined;
        records = [];
        rejections = [];
        onProgress(stats);
      };
      for await (const message of connector.read(name, live, states.get(name), context)) {
        if (message.type === 'secrets') {
          // Kept even when the run was just cancelled: the secret it replaced is already dead.
          secrets = { ...secrets, ...sealRotatedSecrets(connector.spec, message.secrets, this.secretBox) };
          Object.assign(live, message.secrets);
          await flush();
          continue;
        }
        // A connector seeing the signal may end its read early, as if done: nothing after the cancellation is stored.
        signal.throwIfAborted();
        if (message.type === 'record') records.push(message.record);
        else if (message.type === 'rejection') rejections.push({ reason: message.reason, raw: message.raw });
        // Counted from where this read starts: a resumed run has read part of the stream already.
        else if (message.type === 'total') streamStats.total = streamStats.read + records.length + rejections.length + message.records;
        else await flush(message.state);
        if (records.length >= MAX_BUFFERED_RECORDS) await flush();
      }
      signal.throwIfAborted();
      if (records.length > 0 || rejections.length > 0) await flush();
      else await this.saveStats(target.runId, stats, onProgress);
      this.logger.info({ runId: target.runId, stream: name, stats: streamStats }, 'stream synced');
    }
    return { stats };
  }

  private async saveStats(runId: string, stats: Record<string, StreamStats>, onProgress: (stats: Record<string, StreamStats>) => void): Promise<void> {
    if (!(await syncStore.saveRunStats(this.database, runId, stats))) throw new RunCancelledError(runId);
    onProgress(stats);
  }
}
