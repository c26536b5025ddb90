import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiKeyService } from '../modules/auth';

const FILE_NAME = 'dev-api-key';

/**
 * The key `hub start` prints. On a store without any key it creates an admin key named
 * "development" and keeps it (mode 0600) in the data dir, so later starts print the same key.
 * Returns undefined when keys exist but this data dir holds none of them: then operators manage keys.
 */
export async function ensureDevelopmentKey(apiKeys: ApiKeyService, dataDir: string): Promise<string | undefined> {
  const file = path.join(dataDir, FILE_NAME);
  if (existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim();
    if (await apiKeys.authenticate(saved)) return saved;
  }
  if ((await apiKeys.list()).length > 0) return undefined;
  const { key } = await apiKeys.create('development', ['admin']);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
