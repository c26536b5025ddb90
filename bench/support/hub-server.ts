import 'reflect-metadata';
import { loadConfig } from '../../src/config';
import { buildHubSchema } from '../../src/graphql/schema';
import { connectDatabase } from '../../src/app/database';
import { startHttpServer } from '../../src/app/http-server';
import { createLogger } from '../../src/platform/logger';
import { createServices } from '../../src/app/services';
import { announceServer, failServer } from './server-child';

/** The hub's real HTTP API (same code as `hub start`) on a given database: `hub-server.ts <databaseUrl>`. */
async function main(): Promise<void> {
  const [databaseUrl] = process.argv.slice(2);
  if (!databaseUrl) throw new Error('usage: hub-server.ts <databaseUrl>');
  const config = loadConfig({ DATABASE_URL: databaseUrl, HUB_SECRET_KEY: 'ab'.repeat(32), LOG_LEVEL: 'silent' });
  const database = await connectDatabase(databaseUrl);
  const services = createServices(config, database, createLogger(config.logLevel));
  const server = await startHttpServer(services, await buildHubSchema(), { host: '127.0.0.1', port: 0 });
  announceServer(server.url, {
    stats: () => ({ sqlStatements: database.queryCount }),
    async stop() {
      await server.stop();
      await database.close();
    },
  });
}

main().catch(failServer);
