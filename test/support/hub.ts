import { tmpdir } from 'node:os';
import { buildHubSchema } from '../../src/graphql/schema';
import { loadConfig, type HubConfig } from '../../src/config';
import { createLogger } from '../../src/platform/logger';
import { startHttpServer } from '../../src/app/http-server';
import { createServices, type HubServices } from '../../src/app/services';
import { createTestDatabase, type TestDatabase } from './database';

export interface TestHub {
  url: string;
  services: HubServices;
  testDb: TestDatabase;
  /** An admin key, and keys holding exactly one scope each. */
  keys: { admin: string; read: string; write: string };
  /** Statements sent so far through both pools: the main one and the API's own read pool. */
  statementCount(): number;
  /** POSTs a GraphQL request with the given key (none when key is null). */
  // Tests assert on the response shape itself, so the body stays untyped here (the typed client is tested apart).
  graphql(query: string, variables?: Record<string, unknown>, key?: string | null): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

/** Tests reach their emulators on 127.0.0.1 over http, and their POS folders under the system's temporary folder. */
export const TEST_CONNECTIONS = { HUB_CONNECTOR_ALLOW_PRIVATE: 'true', HUB_IMPORT_ROOT: tmpdir() };

/** A real hub API on its own database, listening on a free port of 127.0.0.1. */
export async function startTestHub(label: string, env: Record<string, string> = {}): Promise<TestHub> {
  const testDb = await createTestDatabase(label);
  const config: HubConfig = loadConfig({ DATABASE_URL: testDb.url, HUB_SECRET_KEY: 'ab'.repeat(32), LOG_LEVEL: 'silent', ...TEST_CONNECTIONS, ...env });
  const services = createServices(config, testDb.database, createLogger(config.logLevel));
  const server = await startHttpServer(services, await buildHubSchema(), { host: '127.0.0.1', port: 0 });
  const keys = {
    admin: (await services.apiKeys.create('test admin', ['admin'])).key,
    read: (await services.apiKeys.create('test reader', ['profiles:read'])).key,
    write: (await services.apiKeys.create('test writer', ['profiles:write'])).key,
  };
  return {
    url: server.url,
    services,
    testDb,
    keys,
    statementCount: () => services.database.queryCount + server.readStatements(),
    async graphql(query, variables, key = keys.admin) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as any };
    },
    async stop() {
      await server.stop();
      await testDb.drop();
    },
  };
}

/** The profile that now holds the record `externalId` of `source`. */
export async function profileOfRecord(hub: TestHub, source: string, externalId: string): Promise<string> {
  const [row] = await hub.testDb.database.query<{ profile_id: string }>('select profile_id from source_records where source = $1 and external_id = $2', [source, externalId]);
  if (!row) throw new Error(`no record ${source}/${externalId}`);
  return row.profile_id;
}
