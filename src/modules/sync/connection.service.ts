import { ConnectorError, type Connector, type NamedCheck } from '../../../connectors/sdk';
import { HubError } from '../../errors/hub-error';
import type { Database } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import type { SecretBox } from '../../platform/secret-box';
import { parseSourceRegion } from '../ingestion';
import { openConfig, redactConfig, sealConfig } from './connection-config';
import { changedDestinations, checkDestinations, connectorContext, resolveFolders, type ConnectionDestinationPolicy } from './connection-destination';
import * as store from './connection.store';
import type { ConnectionRow } from './connection.store';
import { parseSchedule } from './sync-schedule';
import type { SyncSchedules } from './sync-schedules';

export interface ConnectionInput {
  name: string;
  connector: string;
  config: Record<string, unknown>;
  schedule?: string | null;
  /** Where phones without a country code are read when a record's country says nothing; null or left out: HUB_DEFAULT_REGION. */
  region?: string | null;
  enabled?: boolean;
}

/** What updateConnection may change; left out: unchanged. */
interface ConnectionChanges {
  config?: Record<string, unknown>;
  /** null: manual syncs only. */
  schedule?: string | null;
  /** null: the hub's default region again. */
  region?: string | null;
  enabled?: boolean;
}

// The name is also the source name of the records the connection brings in.
const CONNECTION_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/i;

/** Connections: configured connectors, their secrets sealed at rest. */
export class ConnectionService {
  constructor(
    private readonly database: Database,
    private readonly connectors: ReadonlyMap<string, Connector>,
    private readonly box: SecretBox,
    private readonly schedules: SyncSchedules,
    private readonly destinations: ConnectionDestinationPolicy,
  ) {}

  /** The connector types this hub ships. */
  available(): Connector[] {
    return [...this.connectors.values()];
  }

  /** A connection's config as it may be shown: secrets replaced. Without its connector's spec nobody can tell secrets apart: nothing is shown. */
  redactedConfig(connection: ConnectionRow): Record<string, unknown> {
    const spec = this.connectors.get(connection.connector)?.spec;
    return spec ? redactConfig(spec, connection.config) : {};
  }

  connector(type: string): Connector {
    const connector = this.connectors.get(type);
    if (!connector) throw new HubError('BAD_USER_INPUT', `Unknown connector '${type}'; available: ${[...this.connectors.keys()].join(', ')}.`);
    return connector;
  }

  /** Configures a connection; its destinations must be public https addresses, its folders under the import root. */
  create(input: ConnectionInput): Promise<ConnectionRow> {
    return this.createConnection(input, false);
  }

  /**
   * The built-in demo's connection to an emulator it serves on 127.0.0.1, marked so it may reach that
   * private address. Only the demo loader (src/app/demo-platforms.ts) calls this; no API or CLI input does.
   */
  createDemoEmulatorConnection(input: ConnectionInput): Promise<ConnectionRow> {
    return this.createConnection(input, true);
  }

  private async createConnection(input: ConnectionInput, demoEmulator: boolean): Promise<ConnectionRow> {
    if (!CONNECTION_NAME.test(input.name)) throw new HubError('BAD_USER_INPUT', "A connection name holds 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit (it names the records' source).");
    validateSchedule(input.schedule);
    const region = regionOf(input.region);
    const spec = this.connector(input.connector).spec;
    const config = sealConfig(spec, input.config, this.box);
    await checkDestinations(spec, config, this.destinations, demoEmulator);
    const id = newId('connection');
    const enabled = input.enabled ?? true;
    const inserted = await store.insertConnection(this.database, { id, name: input.name, connector: input.connector, config, schedule: input.schedule ?? null, region, enabled, status: enabled ? 'active' : 'paused', demoEmulator });
    if (!inserted) throw new HubError('CONFLICT', `A connection named ${input.name} exists already.`);
    const connection = await this.require(id);
    await this.schedules.apply(connection);
    return connection;
  }

  /**
   * Changes the given fields. A config change that moves a destination (base URL, host, folder) must carry
   * the secrets again, is checked like a new config, and takes away the demo's mark.
   */
  update(id: string, changes: ConnectionChanges): Promise<ConnectionRow> {
    return this.updateConnection(id, changes, false);
  }

  /** The demo loader's refresh of its emulator connection (the emulators come back on new ports); see createDemoEmulatorConnection. */
  updateDemoEmulatorConnection(id: string, changes: ConnectionChanges): Promise<ConnectionRow> {
    return this.updateConnection(id, changes, true);
  }

  private async updateConnection(id: string, changes: ConnectionChanges, demoEmulator: boolean): Promise<ConnectionRow> {
    const connection = await this.require(id);
    const next = { ...connection };
    if (changes.config) {
      const spec = this.connector(connection.connector).spec;
      next.config = sealConfig(spec, changes.config, this.box, connection.config);
      const moved = changedDestinations(spec, connection.config, next.config).length > 0;
      // Only the demo loader marks; anyone else moving the connection takes the mark away.
      if (demoEmulator) next.demoEmulator = true;
      else if (moved) next.demoEmulator = false;
      if (moved || demoEmulator) await checkDestinations(spec, next.config, this.destinations, next.demoEmulator);
    }
    if (changes.schedule !== undefined) {
      validateSchedule(changes.schedule);
      next.schedule = changes.schedule;
    }
    if (changes.region !== undefined) next.region = regionOf(changes.region);
    if (changes.enabled !== undefined) {
      next.enabled = changes.enabled;
      next.status = changes.enabled ? (connection.status === 'paused' ? 'active' : connection.status) : 'paused';
    }
    await store.updateConnectionRow(this.database, next);
    const updated = await this.require(connection.id);
    await this.schedules.apply(updated);
    return updated;
  }

  async remove(id: string): Promise<ConnectionRow> {
    const connection = await this.require(id);
    await store.deleteConnectionRow(this.database, connection.id);
    await this.schedules.apply({ id: connection.id, schedule: null, enabled: false });
    return connection;
  }

  list(): Promise<ConnectionRow[]> {
    return store.listConnections(this.database);
  }

  get(idOrName: string): Promise<ConnectionRow | null> {
    return store.findConnection(this.database, idOrName);
  }

  /** Whether any connection exists. */
  exists(): Promise<boolean> {
    return store.anyConnection(this.database);
  }

  /**
   * Can the connector reach the platform with this connection's config? When the platform refuses the credentials
   * or access, the connection is marked `needs_attention` with the reason at once, as a sync would mark it.
   */
  async test(id: string): Promise<{ ok: boolean; reason?: string; checks: NamedCheck[] }> {
    const connection = await this.require(id);
    const connector = this.connector(connection.connector);
    const refusals: ConnectorError[] = [];
    const onRefusal = (error: ConnectorError) => refusals.push(error);
    let outcome: { ok: boolean; reason?: string; checks: NamedCheck[] };
    try {
      const config = await resolveFolders(connector.spec, openConfig(connector.spec, connection.config, this.box), this.destinations.importRoot);
      const result = await connector.check(config, connectorContext(this.destinations, connection.demoEmulator, (options) => ({ maxRetries: 1, ...options, onRefusal })));
      outcome = { ...result, checks: result.checks ?? [] };
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      outcome = { ok: false, reason: error.message, checks: [] };
    }
    if (!outcome.ok && refusals.length > 0) await store.markNeedsAttention(this.database, connection.id, outcome.reason ?? refusals[0]!.message);
    return outcome;
  }

  private async require(id: string): Promise<ConnectionRow> {
    const connection = await store.findConnection(this.database, id);
    if (!connection) throw new HubError('NOT_FOUND', `No connection ${id}; \`hub connections list\` shows them.`);
    return connection;
  }
}

/** A connection's region, upper-cased; null for none. */
function regionOf(region: string | null | undefined): string | null {
  return region === undefined || region === null ? null : parseSourceRegion(region, 'region');
}

function validateSchedule(schedule: string | null | undefined): void {
  if (schedule !== undefined && schedule !== null) parseSchedule(schedule);
}
