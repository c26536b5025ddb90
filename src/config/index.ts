import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getCountries, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { HubError } from '../errors/hub-error';
import type { LogLevel } from '../platform/logger';
import { computedTraitSettingsSchema, DEFAULT_COMPUTED_TRAIT_SETTINGS, type ComputedTraitSettings } from '../modules/computed-traits';
import { parseIdentitySettings, type IdentitySettings } from '../modules/identity';
import { DEFAULT_SURVIVORSHIP, survivorshipSchema, type SurvivorshipRules } from '../modules/profiles';
import type { WebhookSettings } from '../modules/webhooks';
import type { ConnectionDestinationPolicy } from '../modules/sync';

/**
 * The one place that reads process.env. Everything else receives a validated HubConfig, passed down from the
 * composition root: each module owns the shape of its own settings, which this file reads and validates.
 */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const satisfies readonly LogLevel[];
const KNOWN_REGIONS = new Set<string>(getCountries());

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/.+/.test(value), 'must be a postgres:// or postgresql:// URL');
const redisUrl = z.string().refine((value) => /^rediss?:\/\/.+/.test(value), 'must be a redis:// or rediss:// URL');

// The region phones without a country code are read in when nothing closer (a record's country, its source's region) says.
const defaultRegion = z
  .string()
  .transform((value) => value.toUpperCase())
  .refine((value) => KNOWN_REGIONS.has(value), 'must be an ISO 3166-1 alpha-2 region such as CN or US')
  .default('CN');

const envSchema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  REDIS_URL: redisUrl.optional(),
  HUB_HOST: z.string().min(1).default('127.0.0.1'),
  HUB_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HUB_DATA_DIR: z.string().min(1).default('.data'),
  HUB_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (32 bytes), e.g. from `openssl rand -hex 32`')
    .optional(),
  HUB_DEFAULT_REGION: defaultRegion,
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  HUB_DEMO: z.enum(['0', '1']).default('1'),
  HUB_JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  HUB_SYNC_LEASE_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  HUB_QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]{1,40}$/i, 'must be 1-40 letters, digits, _ or -').default('hub'),
  HUB_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  HUB_MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
  HUB_MAX_QUERY_COST: z.coerce.number().int().min(1).default(50_000),
  HUB_MAX_QUERY_ALIASES: z.coerce.number().int().min(1).max(10_000).default(50),
  HUB_MAX_QUERY_TOKENS: z.coerce.number().int().min(100).max(1_000_000).default(50_000),
  HUB_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  HUB_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  HUB_API_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  HUB_API_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1).max(3_600_000).default(15_000),
  HUB_IDENTITY_RULES: z.string().optional(),
  HUB_SURVIVORSHIP: z.string().optional(),
  HUB_COMPUTED_TRAITS: z.string().optional(),
  HUB_WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false', '1', '0']).default('false'),
  HUB_CONNECTOR_ALLOW_PRIVATE: z.enum(['true', 'false', '1', '0']).default('false'),
  HUB_IMPORT_ROOT: z.string().min(1).optional(),
  HUB_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  HUB_WEBHOOK_RETRY_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
  HUB_WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
  HUB_WEBHOOK_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(10).max(86_400_000).default(3_600_000),
  HUB_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
  HUB_WEBHOOK_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(1_000),
  HUB_WEBHOOK_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(1024).max(1_048_576).default(65_536),
  HUB_WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
});

export interface HubConfig {
  /** Undefined means: run an embedded PostgreSQL under dataDir. */
  databaseUrl?: string;
  /** Undefined means: run jobs in-process. */
  redisUrl?: string;
  host: string;
  port: number;
  dataDir: string;
  /**
   * 32-byte key for secrets at rest (AES-256-GCM), from HUB_SECRET_KEY; undefined means the key kept in
   * `secretKeyFile`, which start-up reads or creates (see src/app/secret-key.ts).
   */
  secretKey?: Buffer;
  secretKeyFile: string;
  defaultRegion: CountryCode;
  logLevel: (typeof LOG_LEVELS)[number];
  demo: boolean;
  /** BullMQ key prefix: hubs sharing one Redis keep their queues apart with it. */
  queuePrefix: string;
  /** How long a BullMQ job lock lasts: a killed worker's job is taken over after about this long. */
  jobLockMs: number;
  /** How long a sync run's lease lasts unless its process renews it (every third of it): a run whose process died is taken over after about this long. */
  syncLeaseMs: number;
  limits: { maxBodyBytes: number; maxQueryDepth: number; maxPageSize: number; maxIngestRecords: number };
  /** What one GraphQL request or one API key may cost; keys may carry their own rate and budget (docs/security.md). */
  apiLimits: ApiLimits;
  /** Identity-resolution settings (thresholds, identifier rules, block cap, start model) over the engine's defaults. */
  identity: IdentitySettings;
  /** The survivorship rule per trait key, and the default. */
  survivorship: SurvivorshipRules;
  /** Thresholds of computed traits: RFM breakpoints, portrait levels, loyalty tiers, sentiment labels. */
  computedTraits: ComputedTraitSettings;
  webhooks: WebhookSettings;
  /** Where connections may send their credentials and read files (see ConnectionDestinationPolicy). */
  connections: ConnectionDestinationPolicy;
}

export interface ApiLimits {
  /** Cost budget of one request (list sizes from `first` multiplied through nesting); a key's own budget wins. */
  maxQueryCost: number;
  maxAliases: number;
  /** graphql's parser stops past this many tokens. */
  maxTokens: number;
  /** Requests per minute per API key; a key's own rate wins. */
  rateLimitPerMinute: number;
  /** Requests with a missing or unknown key per minute per client address, past which its unknown keys are not looked up. */
  authFailuresPerMinute: number;
  /** Connections of the GraphQL read pool, apart from the pool ingestion, syncs and the dispatcher use. */
  poolSize: number;
  /** PostgreSQL statement_timeout on the GraphQL read pool. */
  statementTimeoutMs: number;
}

type Env = Record<string, string | undefined>;

/** Reads and validates the environment (and the JSON files it names); throws HubError('CONFIGURATION') naming the bad variable. Writes nothing. */
export function loadConfig(env: Env = process.env): HubConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0]);
    throw new HubError('CONFIGURATION', `Invalid ${variable}: ${issue.message}`, { variable });
  }
  const values = parsed.data;
  const dataDir = path.resolve(values.HUB_DATA_DIR);
  return {
    databaseUrl: values.DATABASE_URL,
    redisUrl: values.REDIS_URL,
    host: values.HUB_HOST,
    port: values.HUB_PORT,
    dataDir,
    secretKey: values.HUB_SECRET_KEY ? Buffer.from(values.HUB_SECRET_KEY, 'hex') : undefined,
    secretKeyFile: path.join(dataDir, 'secret.key'),
    defaultRegion: values.HUB_DEFAULT_REGION as CountryCode,
    logLevel: values.LOG_LEVEL,
    demo: values.HUB_DEMO === '1',
    queuePrefix: values.HUB_QUEUE_PREFIX,
    jobLockMs: values.HUB_JOB_LOCK_MS,
    syncLeaseMs: values.HUB_SYNC_LEASE_MS,
    identity: values.HUB_IDENTITY_RULES === undefined ? {} : identitySettingsFrom(values.HUB_IDENTITY_RULES),
    survivorship: values.HUB_SURVIVORSHIP === undefined ? DEFAULT_SURVIVORSHIP : settingFrom('HUB_SURVIVORSHIP', survivorshipSchema, values.HUB_SURVIVORSHIP),
    computedTraits: values.HUB_COMPUTED_TRAITS === undefined ? DEFAULT_COMPUTED_TRAIT_SETTINGS : settingFrom('HUB_COMPUTED_TRAITS', computedTraitSettingsSchema, values.HUB_COMPUTED_TRAITS),
    connections: {
      allowPrivate: values.HUB_CONNECTOR_ALLOW_PRIVATE === 'true' || values.HUB_CONNECTOR_ALLOW_PRIVATE === '1',
      importRoot: path.resolve(values.HUB_IMPORT_ROOT ?? path.join(dataDir, 'imports')),
    },
    webhooks: {
      allowPrivate: values.HUB_WEBHOOK_ALLOW_PRIVATE === 'true' || values.HUB_WEBHOOK_ALLOW_PRIVATE === '1',
      timeoutMs: values.HUB_WEBHOOK_TIMEOUT_MS,
      retryWindowMs: Math.round(values.HUB_WEBHOOK_RETRY_HOURS * 3_600_000),
      retryBaseDelayMs: values.HUB_WEBHOOK_RETRY_BASE_MS,
      retryMaxDelayMs: values.HUB_WEBHOOK_RETRY_MAX_DELAY_MS,
      concurrency: values.HUB_WEBHOOK_CONCURRENCY,
      pollMs: values.HUB_WEBHOOK_POLL_MS,
      maxPayloadBytes: values.HUB_WEBHOOK_MAX_PAYLOAD_BYTES,
      retentionDays: values.HUB_WEBHOOK_RETENTION_DAYS,
    },
    limits: {
      maxBodyBytes: values.HUB_MAX_BODY_BYTES,
      maxQueryDepth: values.HUB_MAX_QUERY_DEPTH,
      maxPageSize: 500,
      maxIngestRecords: 1000,
    },
    apiLimits: {
      maxQueryCost: values.HUB_MAX_QUERY_COST,
      maxAliases: values.HUB_MAX_QUERY_ALIASES,
      maxTokens: values.HUB_MAX_QUERY_TOKENS,
      rateLimitPerMinute: values.HUB_RATE_LIMIT_PER_MINUTE,
      authFailuresPerMinute: values.HUB_AUTH_FAILURES_PER_MINUTE,
      poolSize: values.HUB_API_POOL_SIZE,
      statementTimeoutMs: values.HUB_API_STATEMENT_TIMEOUT_MS,
    },
  };
}

/** A JSON setting given inline (`{...}`) or as the path of a JSON file; errors name the variable. */
function readJsonSetting(variable: string, raw: string): unknown {
  const inline = raw.trim().startsWith('{');
  let text = raw;
  if (!inline) {
    try {
      text = readFileSync(path.resolve(raw), 'utf8');
    } catch (error) {
      throw new HubError('CONFIGURATION', `Invalid ${variable}: give a JSON object or the path of a JSON file; cannot read '${raw}' (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, { variable });
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HubError('CONFIGURATION', `Invalid ${variable}: ${inline ? 'the value' : `'${raw}'`} is not valid JSON (${(error as Error).message})`, { variable });
  }
}

function identitySettingsFrom(raw: string): IdentitySettings {
  const parsed = parseIdentitySettings(readJsonSetting('HUB_IDENTITY_RULES', raw));
  if (!parsed.ok) throw new HubError('CONFIGURATION', `Invalid HUB_IDENTITY_RULES: ${parsed.message}`, { variable: 'HUB_IDENTITY_RULES' });
  return parsed.settings;
}

/** A JSON setting checked against its schema; the error names the variable and the path of the first issue. */
function settingFrom<T>(variable: string, schema: z.ZodType<T>, raw: string): T {
  const parsed = schema.safeParse(readJsonSetting(variable, raw));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new HubError('CONFIGURATION', `Invalid ${variable}: ${where}${issue.message}`, { variable });
}

/**
 * HUB_DEFAULT_REGION alone, validated as loadConfig validates it, for a command that reads no other configuration
 * (`hub resolve` reads files only); throws HubError('CONFIGURATION') when it is not a region.
 */
export function defaultRegionFrom(env: Env = process.env): CountryCode {
  const parsed = defaultRegion.safeParse(env.HUB_DEFAULT_REGION || undefined);
  if (!parsed.success) throw new HubError('CONFIGURATION', `Invalid HUB_DEFAULT_REGION: ${parsed.error.issues[0].message}`, { variable: 'HUB_DEFAULT_REGION' });
  return parsed.data as CountryCode;
}

/** Whether the user asked for debug output (stack traces of unexpected errors), when there is no config to ask. */
export function debugRequested(env: Env = process.env): boolean {
  return env.LOG_LEVEL === 'debug';
}
