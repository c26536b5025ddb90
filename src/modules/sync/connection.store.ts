import type { SqlExecutor } from '../../platform/database/database';

/** The SQL of connections: configured connectors, their sealed configs, schedules and health. */

export const CONNECTION_STATUSES = ['active', 'paused', 'needs_attention'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** A configured connector: which platform, how to reach it (secrets sealed), when to sync. */
export interface ConnectionRow {
  id: string;
  /** Also the source name of the records it brings in. */
  name: string;
  /** The connector type, e.g. shopify. */
  connector: string;
  /** Connector config; fields the spec marks secret hold SecretBox-sealed values. */
  config: Record<string, unknown>;
  /** A cron expression, or an interval such as `every 15m`; null for manual syncs only. */
  schedule: string | null;
  /**
   * Where phones written without a country code are read when a record's own country says nothing (an ISO
   * 3166-1 alpha-2 code); null: the hub's default, HUB_DEFAULT_REGION. The hub's setting, for any connector.
   */
  region: string | null;
  enabled: boolean;
  status: ConnectionStatus;
  /** Why the connection needs attention (bad credentials, missing permission). */
  statusReason: string | null;
  /**
   * The built-in demo's connection to an emulator it serves on 127.0.0.1: it may reach a private address.
   * Set only by the demo loader; any other change of where the connection goes clears it.
   */
  demoEmulator: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type ConnectionWrite = Pick<ConnectionRow, 'id' | 'name' | 'connector' | 'config' | 'schedule' | 'region' | 'enabled' | 'status' | 'demoEmulator'>;

const COLUMNS = `id, name, connector, config, schedule, region, enabled, status, status_reason as "statusReason", demo_emulator as "demoEmulator", created_at as "createdAt", updated_at as "updatedAt"`;

const UNIQUE_VIOLATION = '23505';

/** Inserts a connection; false when the name is taken. */
export async function insertConnection(executor: SqlExecutor, row: ConnectionWrite): Promise<boolean> {
  try {
    await executor.query('insert into connections (id, name, connector, config, schedule, region, enabled, status, demo_emulator) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
      row.id,
      row.name,
      row.connector,
      JSON.stringify(row.config),
      row.schedule,
      row.region,
      row.enabled,
      row.status,
      row.demoEmulator,
    ]);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) return false;
    throw error;
  }
}

export async function updateConnectionRow(executor: SqlExecutor, row: Pick<ConnectionRow, 'id' | 'config' | 'schedule' | 'region' | 'enabled' | 'status' | 'statusReason' | 'demoEmulator'>): Promise<void> {
  await executor.query('update connections set config = $2, schedule = $3, region = $4, enabled = $5, status = $6, status_reason = $7, demo_emulator = $8, updated_at = now() where id = $1', [
    row.id,
    JSON.stringify(row.config),
    row.schedule,
    row.region,
    row.enabled,
    row.status,
    row.statusReason,
    row.demoEmulator,
  ]);
}

/**
 * Replaces secret config fields a connector rotated during a run (already sealed), leaving every other field as it is:
 * a refresh token Shopify replaced on use must be kept or the connection can never sync again.
 */
export async function saveRotatedSecrets(executor: SqlExecutor, id: string, sealed: Record<string, string>): Promise<void> {
  await executor.query('update connections set config = config || $2::jsonb, updated_at = now() where id = $1', [id, JSON.stringify(sealed)]);
}

/** Deletes a connection (its runs, checkpoints and rejections go with it); false when there was none. */
export async function deleteConnectionRow(executor: SqlExecutor, id: string): Promise<boolean> {
  return (await executor.query('delete from connections where id = $1 returning id', [id])).length > 0;
}

export async function listConnections(executor: SqlExecutor): Promise<ConnectionRow[]> {
  return (await executor.query<ConnectionRow>(`select ${COLUMNS} from connections order by name`)).map(withDates);
}

/** A connection by id or by name. */
export async function findConnection(executor: SqlExecutor, idOrName: string): Promise<ConnectionRow | null> {
  const [row] = await executor.query<ConnectionRow>(`select ${COLUMNS} from connections where id = $1 or name = $1 limit 1`, [idOrName]);
  return row ? withDates(row) : null;
}

/** Marks a connection that synced again as healthy. */
export async function clearNeedsAttention(executor: SqlExecutor, id: string): Promise<void> {
  await executor.query("update connections set status = 'active', status_reason = null, updated_at = now() where id = $1 and status = 'needs_attention'", [id]);
}

/** Marks a connection a person must look at (bad credentials, missing permission), with the reason. */
export async function markNeedsAttention(executor: SqlExecutor, id: string, reason: string): Promise<void> {
  await executor.query("update connections set status = 'needs_attention', status_reason = $2, updated_at = now() where id = $1", [id, reason]);
}

/** Whether any connection exists. */
export async function anyConnection(executor: SqlExecutor): Promise<boolean> {
  const [row] = await executor.query<{ found: boolean }>('select exists (select 1 from connections) as found');
  return row.found;
}

function withDates(row: ConnectionRow): ConnectionRow {
  return { ...row, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) };
}
