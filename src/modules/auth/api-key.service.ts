import { createHash, randomBytes } from 'node:crypto';
import { quoteValue } from '../../../connectors/sdk/records';
import { HubError } from '../../errors/hub-error';
import type { Database } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import * as store from './api-key.store';
import type { ApiKeyRow } from './api-key.store';
import { isScope, SCOPES, type Scope } from './scopes';

export interface Principal {
  apiKeyId: string;
  /** The key's name: what decisions made with it are recorded under. */
  name: string;
  scopes: Scope[];
  /** The key's own limits; null means the hub's settings. */
  rateLimitPerMinute: number | null;
  maxQueryCost: number | null;
}

/** A key's own limits, set at creation: requests per minute and the cost budget of one GraphQL request. */
export interface ApiKeyLimits {
  rateLimitPerMinute?: number | null;
  maxQueryCost?: number | null;
}

export interface CreatedApiKey {
  apiKey: ApiKeyRow;
  /** The key itself: shown once, never stored. */
  key: string;
}

const KEY_PREFIX = 'hub_';
// Lets a revocation or a new key reach every API process within seconds without a lookup per request.
const CACHE_TTL_MS = 5_000;

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export class ApiKeyService {
  private readonly cache = new Map<string, { principal: Principal | null; expiresAt: number }>();

  constructor(private readonly database: Database) {}

  async create(name: string, scopes: string[], limits: ApiKeyLimits = {}): Promise<CreatedApiKey> {
    if (!name.trim()) throw new HubError('BAD_USER_INPUT', 'An API key needs a name, e.g. --name "shop frontend".');
    if (scopes.length === 0) throw new HubError('BAD_USER_INPUT', `An API key needs at least one scope: ${SCOPES.join(', ')}.`);
    const unknown = scopes.filter((scope) => !isScope(scope));
    if (unknown.length > 0) throw new HubError('BAD_USER_INPUT', `Unknown scope(s) ${unknown.slice(0, 5).map((scope) => quoteValue(scope)).join(', ')}; known scopes are ${SCOPES.join(', ')}.`);
    const rateLimitPerMinute = positiveLimit('rate', limits.rateLimitPerMinute);
    const maxQueryCost = positiveLimit('max-cost', limits.maxQueryCost);
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const apiKey = await store.insertApiKey(this.database, {
      id: newId('apiKey'),
      name: name.trim(),
      prefix: key.slice(0, 10),
      keyHash: hashKey(key),
      scopes: [...new Set(scopes)],
      rateLimitPerMinute,
      maxQueryCost,
    });
    return { apiKey, key };
  }

  list(): Promise<ApiKeyRow[]> {
    return store.listApiKeys(this.database);
  }

  async revoke(id: string): Promise<ApiKeyRow> {
    const apiKey = await store.revokeApiKey(this.database, id);
    if (!apiKey) throw new HubError('NOT_FOUND', `No API key ${id}; \`hub apikey list\` shows the ids.`);
    this.cache.clear();
    return apiKey;
  }

  /** The principal of a live key this process has seen in the last minute, without asking the database. */
  knownPrincipal(key: string): Principal | undefined {
    const cached = this.cache.get(hashKey(key));
    return cached && cached.expiresAt > Date.now() ? (cached.principal ?? undefined) : undefined;
  }

  /** The principal a bearer key stands for, or null when the key is unknown or revoked. */
  async authenticate(key: string): Promise<Principal | null> {
    const hash = hashKey(key);
    const cached = this.cache.get(hash);
    if (cached && cached.expiresAt > Date.now()) return cached.principal;
    const row = await store.findLiveKey(this.database, hash);
    const principal = row ? { apiKeyId: row.id, name: row.name, scopes: row.scopes.filter(isScope), rateLimitPerMinute: row.rateLimitPerMinute, maxQueryCost: row.maxQueryCost } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, expiresAt: Date.now() + CACHE_TTL_MS });
    return principal;
  }
}

// Stored as an integer column: a whole number from 1 to 2^31-1, or none.
function positiveLimit(option: string, value: number | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || value < 1 || value > 2_147_483_647) throw new HubError('BAD_USER_INPUT', `--${option} must be a whole number of at least 1, e.g. --${option} 600; got ${String(value)}.`);
  return value;
}
