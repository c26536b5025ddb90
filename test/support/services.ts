import { createServices, type HubServices, type ServiceOptions } from '../../src/app/services';
import { tmpdir } from 'node:os';
import { loadConfig } from '../../src/config';
import type { Database } from '../../src/platform/database/database';
import { createLogger } from '../../src/platform/logger';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';

/**
 * The hub's services on a test database, wired exactly as a running hub wires them (the same profile-change
 * pipeline), with jobs in this process. `env` sets configuration as the environment would (HUB_IDENTITY_RULES, …).
 */
export function testServices(database: Database, env: Record<string, string> = {}, options: ServiceOptions = {}): HubServices {
  const logger = createLogger('silent');
  const config = loadConfig({ HUB_SECRET_KEY: 'ab'.repeat(32), LOG_LEVEL: 'silent', HUB_CONNECTOR_ALLOW_PRIVATE: 'true', HUB_IMPORT_ROOT: tmpdir(), ...env });
  return createServices(config, database, logger, new InProcessQueue(logger), options);
}

/** HUB_IDENTITY_RULES holding these settings. */
export function identityRules(settings: Record<string, unknown>): Record<string, string> {
  return { HUB_IDENTITY_RULES: JSON.stringify(settings) };
}
