import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub('api_pool', { HUB_API_STATEMENT_TIMEOUT_MS: '500', HUB_API_POOL_SIZE: '2' });
});
afterAll(async () => hub?.stop());

/** Holds an exclusive lock on `profiles` on the main pool until `release` is called: API reads of profiles wait on it. */
async function lockProfiles(): Promise<{ release: () => void; done: Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const done = hub.services.database.transaction(async (tx) => {
    await tx.query('lock table profiles in access exclusive mode');
    locked();
    await released;
  });
  await isLocked;
  return { release, done };
}

describe('API reads on a pool of their own', () => {
  it('turns a read that runs past the statement timeout into QUERY_TIMEOUT naming the limit, not INTERNAL', async () => {
    const lock = await lockProfiles();
    try {
      const { body } = await hub.graphql('{ profiles(first: 5) { totalCount } }', undefined, hub.keys.read);
      expect(body.errors[0].extensions.code).toBe('QUERY_TIMEOUT');
      expect(body.errors[0].message).toMatch(/statement timeout of 500 ms/);
    } finally {
      lock.release();
      await lock.done;
    }
    const after = await hub.graphql('{ profiles(first: 5) { totalCount } }', undefined, hub.keys.read);
    expect(after.body).toEqual({ data: { profiles: { totalCount: 0 } } });
  });

  it('reads through a pool apart from the one ingestion, syncs and the dispatcher use', async () => {
    await hub.graphql('{ profiles(first: 1) { totalCount } }', undefined, hub.keys.read); // the key is now cached
    const mainStatements = hub.services.database.queryCount;
    for (let i = 0; i < 5; i++) {
      const { body } = await hub.graphql('{ profiles(first: 5) { totalCount edges { node { id identities { type } traits { key } } } } }', undefined, hub.keys.read);
      expect(body.errors).toBeUndefined();
    }
    expect(hub.services.database.queryCount).toBe(mainStatements);
  });

  it('keeps the main pool answering while more API reads wait than the API pool has connections', async () => {
    const lock = await lockProfiles();
    const stuckReads = Array.from({ length: 4 }, () => hub.graphql('{ profiles(first: 5) { totalCount } }', undefined, hub.keys.read));
    try {
      const [{ count }] = await hub.services.database.query<{ count: string }>('select count(*) from api_keys');
      expect(Number(count)).toBeGreaterThanOrEqual(3);
    } finally {
      lock.release();
      await lock.done;
    }
    for (const { body } of await Promise.all(stuckReads)) expect(['QUERY_TIMEOUT', undefined]).toContain(body.errors?.[0]?.extensions.code);
    const ingested = await hub.graphql('mutation { ingestRecords(source: "shop", records: [{ external_id: "p1", email: "p1@example.com" }]) { created } }', undefined, hub.keys.write);
    expect(ingested.body).toEqual({ data: { ingestRecords: { created: 1 } } });
  });
});
