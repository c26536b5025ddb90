import type { HubConfig } from '../config';
import type { Database } from '../platform/database/database';
import { boundedStep } from '../platform/bounded-step';
import { startEmbeddedPostgres } from '../platform/database/embedded-postgres';
import type { Logger } from '../platform/logger';
import { connectDatabase } from './database';
import { withSecretKey } from './secret-key';
import { createServices, type HubServices } from './services';

export interface HubRuntime {
  services: HubServices;
  /** Migrations this open applied (only with `migrate`). */
  appliedMigrations: string[];
  close(): Promise<void>;
}

/**
 * Connects to the profile store (starting the embedded PostgreSQL when DATABASE_URL is unset), reads or
 * creates the key for secrets at rest, and builds the services. With `migrate`, applies pending migrations; without, refuses to run on an
 * out-of-date schema rather than fail later on a missing column.
 */
export async function openHub(config: HubConfig, logger: Logger, options: { migrate: boolean }): Promise<HubRuntime> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, logger);
  let database: Database | undefined;
  let appliedMigrations: string[] = [];
  try {
    database = await connectDatabase(config.databaseUrl ?? embedded!.url);
    if (options.migrate) {
      appliedMigrations = await database.migrate();
      if (appliedMigrations.length > 0) logger.info({ applied: appliedMigrations }, 'migrations applied');
    } else {
      const pending = await database.pendingMigrations();
      if (pending.length > 0) throw new Error(`The database schema is behind (${pending.join(', ')}); run \`hub migrate\` first.`);
    }
  } catch (error) {
    await database?.close();
    await embedded?.stop();
    throw error;
  }
  const services = createServices(withSecretKey(config), database, logger);
  return {
    services,
    appliedMigrations,
    async close() {
      // Webhook attempts in flight are recorded, jobs finish (a running sync its transaction), then connections, then the server.
      // Each step is bounded (8.5 s in all, inside SIGTERM's 10 s): with the database gone a step may never end, and a
      // sync cut short resumes from its last checkpoint once its lease expires.
      const warn = (message: string) => logger.warn(message);
      await boundedStep('webhook dispatcher', () => services.webhooks.dispatcher.close(), 2_000, warn);
      await boundedStep('job queue', () => services.queue.close(), 2_500, warn);
      // A vacuum pass in flight finishes rather than failing on a closed pool.
      await boundedStep('table upkeep', () => services.upkeep.settled(), 500, warn);
      await boundedStep('database pool', () => database!.close(), 1_000, warn);
      if (embedded) await boundedStep('embedded PostgreSQL', () => embedded.stop(), 2_500, warn);
    },
  };
}
