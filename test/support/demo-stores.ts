import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectDatabase } from '../../src/app/database';
import { startDemo, type RunningDemo } from '../../src/app/demo-platforms';
import { startHttpServer, type RunningHttpServer } from '../../src/app/http-server';
import { createServices, type HubServices } from '../../src/app/services';
import { loadConfig } from '../../src/config';
import { buildHubSchema } from '../../src/graphql/schema';
import { createLogger } from '../../src/platform/logger';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';
import { ADMIN_URL, adminQuery, createTestDatabase } from './database';

/** One copy of the built-in demo's store, served by a real API on 127.0.0.1 and reachable by `bin/hub`. */
export interface DemoStore {
  url: string;
  services: HubServices;
  /** An admin key of the store (the same in every copy). */
  key: string;
  graphqlUrl: string;
  /** The environment a `hub` command needs to work on this store, as an operator would set it. */
  cliEnv: Record<string, string>;
}

export interface DemoStores {
  stores: DemoStore[];
  importRoot: string;
  stop(): Promise<void>;
}

const SECRET_KEY = 'd0'.repeat(32);

/**
 * Builds the demo once, as `hub start` does on an empty store (the five emulators in this process, their
 * connections, their first syncs), then copies that database `copies` times (CREATE DATABASE … TEMPLATE), so
 * each copy starts from the same demo and what one does (an erasure) is not seen by another. The emulators
 * keep running until stop(): syncs on any copy reach them. `env` adds configuration to every copy.
 */
export async function startDemoStores(label: string, copies: number, env: Record<string, string> = {}): Promise<DemoStores> {
  const importRoot = mkdtempSync(path.join(tmpdir(), `${label}-imports-`));
  const dataDir = mkdtempSync(path.join(tmpdir(), `${label}-data-`));
  const settings = { HUB_SECRET_KEY: SECRET_KEY, LOG_LEVEL: 'silent', HUB_IMPORT_ROOT: importRoot, ...env };
  const logger = createLogger('silent');

  const base = await createTestDatabase(`${label}_base`);
  let demo: RunningDemo | undefined;
  let key: string;
  try {
    const baseServices = createServices(loadConfig({ ...settings, DATABASE_URL: base.url }), base.database, logger, new InProcessQueue(logger, 5));
    await baseServices.queue.startWorker(baseServices.syncJobs.handlers());
    demo = await startDemo(baseServices, importRoot);
    if (!demo?.created) throw new Error('the demo was not created on an empty store');
    key = (await baseServices.apiKeys.create('docs examples', ['admin'])).key;
    await baseServices.queue.close();
    await base.database.close();
  } catch (error) {
    await demo?.stop();
    await base.drop();
    throw error;
  }

  const baseName = new URL(base.url).pathname.slice(1);
  const names = Array.from({ length: copies }, (_, index) => `${baseName}_c${index}`);
  for (const name of names) await adminQuery(`create database ${name} template ${baseName}`);
  await adminQuery(`drop database ${baseName}`);

  const stores: DemoStore[] = [];
  const servers: RunningHttpServer[] = [];
  const schema = await buildHubSchema();
  for (const name of names) {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    const database = await connectDatabase(url.toString());
    const config = loadConfig({ ...settings, DATABASE_URL: url.toString() });
    const services = createServices(config, database, logger, new InProcessQueue(logger, 5));
    await services.queue.startWorker(services.syncJobs.handlers());
    const server = await startHttpServer(services, schema, { host: '127.0.0.1', port: 0 });
    servers.push(server);
    stores.push({
      url: url.toString(),
      services,
      key,
      graphqlUrl: server.url,
      cliEnv: { ...settings, DATABASE_URL: url.toString(), HUB_DATA_DIR: dataDir, REDIS_URL: '', HUB_DEMO: '0', LOG_LEVEL: 'warn' },
    });
  }

  return {
    stores,
    importRoot,
    async stop() {
      for (const server of servers) await server.stop();
      for (const store of stores) {
        await store.services.queue.close();
        await store.services.database.close();
      }
      for (const name of names) await adminQuery(`drop database if exists ${name} with (force)`);
      await demo?.stop();
      rmSync(importRoot, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
