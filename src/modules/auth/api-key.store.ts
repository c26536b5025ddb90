import type { SqlExecutor } from '../../platform/database/database';

/** The SQL of api_keys. Only a key's SHA-256 hash is stored; the key itself is shown once at creation. */

export interface ApiKeyRow {
  id: string;
  name: string;
  /** The first characters of the key, so an operator can tell keys apart in `hub apikey list`. */
  prefix: string;
  scopes: string[];
  /** The key's own limits; null means the hub's settings. */
  rateLimitPerMinute: number | null;
  maxQueryCost: number | null;
  createdAt: Date;
  revokedAt: Date | null;
}

const COLUMNS = 'id, name, prefix, scopes, rate_limit_per_minute as "rateLimitPerMinute", max_query_cost as "maxQueryCost", created_at as "createdAt", revoked_at as "revokedAt"';

export async function insertApiKey(
  executor: SqlExecutor,
  key: { id: string; name: string; prefix: string; keyHash: string; scopes: string[]; rateLimitPerMinute: number | null; maxQueryCost: number | null },
): Promise<ApiKeyRow> {
  const [row] = await executor.query<ApiKeyRow>(
    `insert into api_keys (id, name, prefix, key_hash, scopes, rate_limit_per_minute, max_query_cost) values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
    [key.id, key.name, key.prefix, key.keyHash, key.scopes, key.rateLimitPerMinute, key.maxQueryCost],
  );
  return withDates(row);
}

export async function listApiKeys(executor: SqlExecutor): Promise<ApiKeyRow[]> {
  return (await executor.query<ApiKeyRow>(`select ${COLUMNS} from api_keys order by created_at, id`)).map(withDates);
}

/** Revokes a key (a revoked one keeps its first revocation time); null when there is no such key. */
export async function revokeApiKey(executor: SqlExecutor, id: string): Promise<ApiKeyRow | null> {
  const [row] = await executor.query<ApiKeyRow>(`update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1 returning ${COLUMNS}`, [id]);
  return row ? withDates(row) : null;
}

export interface LiveKeyRow {
  id: string;
  name: string;
  scopes: string[];
  rateLimitPerMinute: number | null;
  maxQueryCost: number | null;
}

/** The live key with this hash: its id, name, scopes and own limits. */
export async function findLiveKey(executor: SqlExecutor, keyHash: string): Promise<LiveKeyRow | null> {
  const [row] = await executor.query<LiveKeyRow>(
    'select id, name, scopes, rate_limit_per_minute as "rateLimitPerMinute", max_query_cost as "maxQueryCost" from api_keys where key_hash = $1 and revoked_at is null',
    [keyHash],
  );
  return row ?? null;
}

function withDates(row: ApiKeyRow): ApiKeyRow {
  return { ...row, createdAt: new Date(row.createdAt), revokedAt: row.revokedAt ? new Date(row.revokedAt) : null };
}
