import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HubConfig } from '../config';
import { HubError } from '../errors/hub-error';

/**
 * A start-up step: the key for secrets at rest, from HUB_SECRET_KEY or else from the data dir's key file,
 * generated once and kept there (mode 0600) so secrets encrypted at rest stay readable across restarts.
 */
export function withSecretKey(config: HubConfig): HubConfig & { secretKey: Buffer } {
  if (config.secretKey) return config as HubConfig & { secretKey: Buffer };
  const keyFile = config.secretKeyFile;
  if (existsSync(keyFile)) {
    const hex = readFileSync(keyFile, 'utf8').trim();
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
      throw new HubError('CONFIGURATION', `Invalid HUB_SECRET_KEY: ${keyFile} does not hold 64 hexadecimal characters`, { variable: 'HUB_SECRET_KEY' });
    }
    return { ...config, secretKey: Buffer.from(hex, 'hex') };
  }
  mkdirSync(path.dirname(keyFile), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(keyFile, key.toString('hex') + '\n', { mode: 0o600 });
  return { ...config, secretKey: key };
}
