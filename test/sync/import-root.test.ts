import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePosExport } from '../../connectors/pos-file/emulator';
import type { HubServices } from '../../src/app/services';
import { HubError } from '../../src/errors/hub-error';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testServices } from '../support/services';

/**
 * Issue 20, "Secrets leave": the POS connector's `folder` could be any server path; `testConnection` told which
 * paths exist, and a CSV in a 0700 folder was ingested as traits. Folders are now read only under
 * HUB_IMPORT_ROOT, with no `..`, absolute path or symlink leading out, and a path outside is answered with
 * one sentence that says nothing about it.
 */

const base = mkdtempSync(path.join(tmpdir(), 'hub-import-root-'));
const root = path.join(base, 'imports');
/** Somewhere else on the server: a private folder holding a CSV the hub must never read. */
const outside = path.join(base, 'private');
const OUTSIDE_ANSWER = 'the folder must lie under the import root (HUB_IMPORT_ROOT); name it relative to that root';

let testDb: TestDatabase;
let services: HubServices;

beforeAll(async () => {
  mkdirSync(root);
  mkdirSync(outside);
  await writePosExport(outside, { customers: 5, format: 'csv', encoding: 'utf-8', fileName: 'members.csv' });
  chmodSync(outside, 0o700);
  mkdirSync(path.join(root, 'store-1'));
  await writePosExport(path.join(root, 'store-1'), { customers: 5, format: 'csv', encoding: 'utf-8', fileName: 'members.csv' });
  testDb = await createTestDatabase('import_root');
  services = testServices(testDb.database, { HUB_IMPORT_ROOT: root });
  await services.queue.startWorker(services.syncJobs.handlers());
});
afterAll(async () => {
  await services?.queue.close();
  await testDb?.drop();
  rmSync(base, { recursive: true, force: true });
});

async function refusedAtSave(name: string, folder: string): Promise<HubError> {
  const error = await services.connections.create({ name, connector: 'pos-file', config: { folder } }).catch((thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(HubError);
  return error as HubError;
}

async function sync(connectionId: string) {
  await services.syncJobs.trigger(connectionId, { fullRefresh: false, trigger: 'manual' });
  await services.queue.drain();
  return services.connections.get(connectionId);
}

const storedFrom = async (source: string) => (await testDb.database.query<{ n: number }>('select count(*)::int as n from source_records where source = $1', [source]))[0].n;

describe('file folders are read only under the import root', () => {
  it('refuses an absolute path elsewhere or a `..` climbing out when the connection is saved, whether or not it exists', async () => {
    for (const folder of [outside, '/etc', '/no/such/folder', '../private', 'store-1/../../private']) {
      const error = await refusedAtSave(`pos-${Math.random().toString(36).slice(2, 8)}`, folder);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toBe(`Config field folder rejected: ${OUTSIDE_ANSWER}.`);
    }
  });

  it('reads a folder named relative to the root, or by its absolute path inside it', async () => {
    const relative = await services.connections.create({ name: 'pos-relative', connector: 'pos-file', config: { folder: 'store-1' } });
    expect(await services.connections.test(relative.id)).toMatchObject({ ok: true, checks: expect.arrayContaining([{ name: 'folder', status: 'pass', detail: expect.any(String) }]) });
    expect((await sync(relative.id))!.status).toBe('active');
    expect(await storedFrom('pos-relative')).toBeGreaterThan(0);
    const absolute = await services.connections.create({ name: 'pos-absolute', connector: 'pos-file', config: { folder: path.join(root, 'store-1') } });
    expect(await services.connections.test(absolute.id)).toMatchObject({ ok: true });
  });

  it('does not follow a symlink out of the root, and testConnection answers the same for a path that exists and one that does not', async () => {
    symlinkSync(outside, path.join(root, 'leads-out'));
    symlinkSync('/no/such/folder', path.join(root, 'leads-nowhere'));
    const out = await services.connections.create({ name: 'pos-symlink-out', connector: 'pos-file', config: { folder: 'leads-out' } });
    const nowhere = await services.connections.create({ name: 'pos-symlink-nowhere', connector: 'pos-file', config: { folder: 'leads-nowhere/deeper' } });
    expect(await services.connections.test(out.id)).toMatchObject({ ok: false, reason: OUTSIDE_ANSWER });
    expect(await services.connections.test(nowhere.id)).toMatchObject({ ok: false, reason: OUTSIDE_ANSWER });
    // Not even the named checks tell the two apart.
    expect(await services.connections.test(out.id)).toEqual(await services.connections.test(nowhere.id));

    const synced = await sync(out.id);
    expect(synced).toMatchObject({ status: 'needs_attention', statusReason: OUTSIDE_ANSWER });
    expect(await storedFrom('pos-symlink-out')).toBe(0);
  });

  it('skips an export file that is a symlink to a file outside', async () => {
    mkdirSync(path.join(root, 'store-2'));
    symlinkSync(path.join(outside, 'members.csv'), path.join(root, 'store-2', 'members.csv'));
    const connection = await services.connections.create({ name: 'pos-file-symlink', connector: 'pos-file', config: { folder: 'store-2' } });
    expect((await sync(connection.id))!.status).toBe('active');
    expect(await storedFrom('pos-file-symlink')).toBe(0);
  });

  it('marks an existing connection whose folder lies outside (saved before there was a root) needs_attention on its next sync, with the reason', async () => {
    const connection = await services.connections.create({ name: 'pos-from-before', connector: 'pos-file', config: { folder: 'store-1' } });
    // As a connection saved by an older hub holds it: the private folder, by its absolute path.
    await testDb.database.query('update connections set config = $2 where id = $1', [connection.id, JSON.stringify({ folder: outside, encoding: 'auto' })]);
    expect(await services.connections.test(connection.id)).toMatchObject({ ok: false, reason: OUTSIDE_ANSWER });
    const synced = await sync(connection.id);
    expect(synced).toMatchObject({ status: 'needs_attention', statusReason: OUTSIDE_ANSWER });
    expect(await storedFrom('pos-from-before')).toBe(0);
  });
});
