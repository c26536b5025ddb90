import type { Connector } from '../../../connectors/sdk/connector';
import { ConnectorError } from '../../../connectors/sdk/connector-error';
import { HttpClient } from '../../../connectors/sdk/http-client';
import { HubError } from '../../errors/hub-error';
import type { Database } from '../../platform/database/database';
import { openConfig, sealConfig } from './connection-config';
import { Connection } from './connection.entity';
import type { SecretBox } from './secret-box';
import { parseSchedule } from './sync-schedule';
import type { SyncSchedules } from './sync-schedules';

export interface ConnectionInput {
  name: string;
  connector: string;
  config: Record<string, unknown>;
  schedule?: string | null;
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
  ) {}

  connector(type: string): Connector {
    const connector = this.connectors.get(type);
    if (!connector) throw new HubError('BAD_USER_INPUT', `Unknown connector '${type}'; available: ${[...this.connectors.keys()].join(', ')}.`);
    return connector;
  }

  async create(input: ConnectionInput): Promise<Connection> {
    if (!CONNECTION_NAME.test(input.name)) throw new HubError('BAD_USER_INPUT', "A connection name holds 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit (it names the records' source).");
    validateSchedule(input.schedule);
    const em = this.database.em();
    if (await em.findOne(Connection, { name: input.name })) throw new HubError('CONFLICT', `A connection named ${input.name} exists already.`);
    const connection = em.create(Connection, {
      name: input.name,
      connector: input.connector,
      config: sealConfig(this.connector(input.connector).spec, input.config, this.box),
      schedule: input.schedule ?? null,
      enabled: input.enabled ?? true,
      status: input.enabled === false ? 'paused' : 'active',
    });
    await em.persistAndFlush(connection);
    await this.schedules.apply(connection);
    return connection;
  }

  async update(id: string, changes: { config?: Record<string, unknown>; schedule?: string | null; enabled?: boolean }): Promise<Connection> {
    const em = this.database.em();
    const connection = await this.require(id, em);
    if (changes.config) connection.config = sealConfig(this.connector(connection.connector).spec, changes.config, this.box, connection.config);
    if (changes.schedule !== undefined) {
      validateSchedule(changes.schedule);
      connection.schedule = changes.schedule;
    }
    if (changes.enabled !== undefined) {
      connection.enabled = changes.enabled;
      connection.status = changes.enabled ? (connection.status === 'paused' ? 'active' : connection.status) : 'paused';
    }
    await em.flush();
    await this.schedules.apply(connection);
    return connection;
  }

  async remove(id: string): Promise<Connection> {
    const em = this.database.em();
    const connection = await this.require(id, em);
    await em.removeAndFlush(connection);
    await this.schedules.apply({ id: connection.id, schedule: null, enabled: false });
    return connection;
  }

  async list(): Promise<Connection[]> {
    return this.database.em().find(Connection, {}, { orderBy: { name: 'asc' } });
  }

  async get(idOrName: string): Promise<Connection | null> {
    return this.database.em().findOne(Connection, { $or: [{ id: idOrName }, { name: idOrName }] });
  }

  /** Can the connector reach the platform with this connection's config? */
  async test(id: string): Promise<{ ok: boolean; reason?: string }> {
    const connection = await this.require(id);
    const connector = this.connector(connection.connector);
    try {
      return await connector.check(openConfig(connector.spec, connection.config, this.box), { http: (options) => new HttpClient({ maxRetries: 1, ...options }) });
    } catch (error) {
      if (error instanceof ConnectorError) return { ok: false, reason: error.message };
      throw error;
    }
  }

  private async require(id: string, em = this.database.em()): Promise<Connection> {
    const connection = await em.findOne(Connection, { $or: [{ id }, { name: id }] });
    if (!connection) throw new HubError('NOT_FOUND', `No connection ${id}; \`hub connections list\` shows them.`);
    return connection;
  }
}

function validateSchedule(schedule: string | null | undefined): void {
  if (schedule !== undefined && schedule !== null) parseSchedule(schedule);
}
