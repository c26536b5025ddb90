import { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver, type EntityManager } from '@mikro-orm/postgresql';
import { migrationsList } from '../../../migrations';
import { entities } from './entities';

/** The slice of a pg client the hub uses: `$1`-style parameters only, never values in SQL text. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
}

interface PgClient {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * The profile store's connection: MikroORM for entities, migrations and ordinary reads, and plain
 * parameterized SQL on the same pool for set-based work (bulk ingestion) that an ORM unit of work
 * would do row by row.
 */
export class Database implements SqlExecutor {
  /** Every statement sent, ORM or plain; tests use it to prove that batching holds. */
  queryCount = 0;

  private constructor(readonly orm: MikroORM<PostgreSqlDriver>) {
    orm.em.getConnection().getKnex().on('query', () => this.queryCount++);
  }

  static async connect(url: string, options: { poolSize?: number } = {}): Promise<Database> {
    const orm = await MikroORM.init<PostgreSqlDriver>({
      driver: PostgreSqlDriver,
      clientUrl: url,
      entities,
      extensions: [Migrator],
      migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false, silent: true },
      pool: { min: 0, max: options.poolSize ?? 10 },
      discovery: { warnWhenNoEntities: false },
      allowGlobalContext: false,
      debug: false,
    });
    return new Database(orm);
  }

  /** A fresh unit of work: one per request or job, never shared. */
  em(): EntityManager {
    return this.orm.em.fork() as EntityManager;
  }

  async migrate(): Promise<string[]> {
    const applied = await this.orm.getMigrator().up();
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
        const result = await fn({ query: (text, params) => this.run(client, text, params ?? []) });
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

  async close(): Promise<void> {
    await this.orm.close(true);
  }

  private async run<Row>(client: PgClient, text: string, params: unknown[] = []): Promise<Row[]> {
    this.queryCount++;
    const result = await client.query(text, params);
    return result.rows as Row[];
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
