import { MikroORM, type MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { HubError } from '../../errors/hub-error';

/** A value COPY writes: text as is, a Date as ISO 8601, an object or array as JSON, null as NULL. */
export type CopyValue = string | number | boolean | Date | object | null | undefined;

/** The slice of a pg client the hub uses: `$1`-style parameters only, never values in SQL text. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /**
   * Appends rows to a table with COPY FROM STDIN: three to four times faster than an INSERT of the same
   * rows, for bulk writes that cannot conflict with a row already there (COPY has no ON CONFLICT).
   */
  copyRows(table: string, columns: readonly string[], rows: readonly (readonly CopyValue[])[]): Promise<void>;
}

interface PgClient {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  query<Stream extends NodeJS.WritableStream>(stream: Stream): Stream;
}

// Table and column names come from our code, never from input; checked anyway, as they are not parameters.
const SQL_NAME = /^[a-z_][a-z0-9_]*$/;
// Rows per chunk handed to the COPY stream: big enough that stream overhead vanishes, small enough to stay flat.
const COPY_ROWS_PER_CHUNK = 2000;

/**
 * The profile store's connection. MikroORM serves as the migrator and the connection pool; every read and
 * write is plain parameterized SQL on that pool, run by the modules' stores (see docs/architecture.md for why
 * there are no entities: most of the hub's work is set-based, and one data path means one transaction model).
 */
export class Database implements SqlExecutor {
  /** Every statement sent; tests use it to prove that batching holds. */
  queryCount = 0;

  private constructor(
    private readonly orm: MikroORM<PostgreSqlDriver>,
    /** Where it connects: for a connection of its own (LISTEN) beside the pool. */
    readonly url: string,
    /** PostgreSQL statement_timeout of every connection of this pool; undefined means none. */
    readonly statementTimeoutMs?: number,
  ) {
    orm.em.getConnection().getKnex().on('query', () => this.queryCount++);
  }

  /**
   * `migrations`: every migration, in order, listed explicitly (no file-system discovery). `statementTimeoutMs`:
   * PostgreSQL cancels any statement of this pool running longer, and the pool answers HubError QUERY_TIMEOUT.
   */
  static async connect(url: string, options: { migrations: MigrationObject[]; poolSize?: number; statementTimeoutMs?: number }): Promise<Database> {
    const orm = await MikroORM.init<PostgreSqlDriver>({
      driver: PostgreSqlDriver,
      clientUrl: url,
      entities: [],
      extensions: [Migrator],
      migrations: { migrationsList: options.migrations, transactional: true, allOrNothing: true, snapshot: false, silent: true },
      pool: { min: 0, max: options.poolSize ?? 10 },
      discovery: { warnWhenNoEntities: false },
      allowGlobalContext: false,
      debug: false,
      ...(options.statementTimeoutMs ? { driverOptions: { connection: { statement_timeout: options.statementTimeoutMs } } } : {}),
    });
    return new Database(orm, url, options.statementTimeoutMs);
  }

  /** Applies the pending migrations (up to and including `to`, when given); answers their names. */
  async migrate(options: { to?: string } = {}): Promise<string[]> {
    const applied = await this.orm.getMigrator().up(options.to ? { to: options.to } : undefined);
    return applied.map((migration) => migration.name);
  }

  async pendingMigrations(): Promise<string[]> {
    return (await this.orm.getMigrator().getPendingMigrations()).map((migration) => migration.name);
  }

  async query<Row = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<Row[]> {
    return this.withClient((client) => this.run<Row>(client, text, params));
  }

  /** Runs fn in one transaction on one connection; any throw rolls everything back. */
  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await this.run(client, 'begin');
      try {
        const result = await fn({
          query: (text, params) => this.run(client, text, params ?? []),
          copyRows: (table, columns, rows) => this.copy(client, table, columns, rows),
        });
        await this.run(client, 'commit');
        return result;
      } catch (error) {
        await this.run(client, 'rollback').catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * Runs fn while holding a session-level advisory lock named `name`, or answers `acquired: false` at
   * once when another session holds it. The lock lives on its own connection, so PostgreSQL frees it
   * the moment a killed process's connection drops: no lease to expire, no lock left behind.
   */
  async withSessionLock<T>(name: string, fn: () => Promise<T>): Promise<{ acquired: false } | { acquired: true; result: T }> {
    return this.withClient(async (client) => {
      const [{ locked }] = await this.run<{ locked: boolean }>(client, 'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked', [name]);
      if (!locked) return { acquired: false };
      try {
        return { acquired: true, result: await fn() };
      } finally {
        await this.run(client, 'select pg_advisory_unlock(hashtextextended($1, 0))', [name]);
      }
    });
  }

  async copyRows(table: string, columns: readonly string[], rows: readonly (readonly CopyValue[])[]): Promise<void> {
    await this.withClient((client) => this.copy(client, table, columns, rows));
  }

  /** Resolves once the server answers a trivial statement through the pool (readiness probes). */
  async ping(): Promise<void> {
    await this.query('select 1');
  }

  async close(): Promise<void> {
    await this.orm.close(true);
  }

  private async run<Row>(client: PgClient, text: string, params: unknown[] = []): Promise<Row[]> {
    this.queryCount++;
    try {
      const result = await client.query(text, params);
      return result.rows as Row[];
    } catch (error) {
      // 57014 query_canceled: with a statement timeout set, PostgreSQL's own cancel (nobody else cancels these).
      if (this.statementTimeoutMs && (error as { code?: string }).code === '57014') {
        throw new HubError('QUERY_TIMEOUT', `The query ran longer than the API's statement timeout of ${this.statementTimeoutMs} ms and was stopped; ask for less (a smaller first, a narrower filter) or try again later.`, { timeoutMs: this.statementTimeoutMs });
      }
      throw error;
    }
  }

  private async copy(client: PgClient, table: string, columns: readonly string[], rows: readonly (readonly CopyValue[])[]): Promise<void> {
    if (rows.length === 0) return;
    if (![table, ...columns].every((name) => SQL_NAME.test(name))) throw new Error(`copyRows: '${table}' (${columns.join(', ')}) is not a plain table and column list`);
    this.queryCount++;
    const target = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
    await pipeline(Readable.from(copyTextChunks(rows)), target);
  }

  private async withClient<T>(fn: (client: PgClient) => Promise<T>): Promise<T> {
    const knexClient = this.orm.em.getConnection().getKnex().client;
    const client = (await knexClient.acquireConnection()) as PgClient;
    try {
      return await fn(client);
    } finally {
      await knexClient.releaseConnection(client);
    }
  }
}

/** Rows in COPY's text format: tab-separated, \N for NULL, backslash escapes for the four characters that need one. */
function* copyTextChunks(rows: readonly (readonly CopyValue[])[]): Generator<string> {
  for (let start = 0; start < rows.length; start += COPY_ROWS_PER_CHUNK) {
    let chunk = '';
    for (const row of rows.slice(start, start + COPY_ROWS_PER_CHUNK)) chunk += `${row.map(copyText).join('\t')}\n`;
    yield chunk;
  }
}

function copyText(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIALS, (character) => COPY_ESCAPES[character]) : text;
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
