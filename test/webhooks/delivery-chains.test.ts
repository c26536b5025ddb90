import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseChains, releaseStrandedChains } from '../../src/modules/webhooks/webhook-delivery.store';
import { startTestHub, type TestHub } from '../support/hub';

describe('delivery chains: only the first undelivered event of a profile is due', () => {
  let hub: TestHub;
  let subscriptionId: string;
  // No dispatcher runs here: the tests move deliveries by hand.
  const chain = async (profileId: string) =>
    hub.testDb.database.query<{ sequence: number; status: string; waiting: boolean }>(
      "select sequence::int, status, next_attempt_at = 'infinity' as waiting from webhook_deliveries where subscription_id = $1 and subject = $2 order by sequence",
      [subscriptionId, profileId],
    );
  const finishFirst = (profileId: string) =>
    hub.testDb.database.query("update webhook_deliveries set status = 'delivered' where subscription_id = $1 and subject = $2 and sequence = 1", [subscriptionId, profileId]);

  beforeAll(async () => {
    hub = await startTestHub('delivery_chains', { HUB_WEBHOOK_ALLOW_PRIVATE: 'true' });
    subscriptionId = (await hub.services.webhooks.subscriptions.create({ url: 'http://127.0.0.1:9/hooks', events: ['profile.created', 'profile.updated'] })).subscription.id;
  });
  afterAll(() => hub.stop());

  async function profileWithThreeEvents(name: string): Promise<string> {
    const [profileId] = (await hub.services.ingestion.ingest('shop', [{ external_id: name, email: `${name}@chain.example.com`, traits: { n: 1 } }])).profileIds;
    await hub.services.ingestion.ingest('shop', [{ external_id: name, email: `${name}@chain.example.com`, traits: { n: 2 } }]);
    await hub.services.ingestion.ingest('shop', [{ external_id: name, email: `${name}@chain.example.com`, traits: { n: 3 } }]);
    return profileId!;
  }

  it('queues the events behind the first as waiting, and finishing the first releases the next only', async () => {
    const profileId = await profileWithThreeEvents('a');
    expect(await chain(profileId)).toEqual([
      { sequence: 1, status: 'pending', waiting: false },
      { sequence: 2, status: 'pending', waiting: true },
      { sequence: 3, status: 'pending', waiting: true },
    ]);
    await finishFirst(profileId);
    await hub.testDb.database.transaction((tx) => releaseChains(tx, [{ subscriptionId, subject: profileId }]));
    expect((await chain(profileId)).map((row) => row.waiting)).toEqual([false, false, true]);
  });

  it('puts off a chain whose counter an outbox transaction holds, and releases it once that commits', async () => {
    const profileId = await profileWithThreeEvents('b');
    await finishFirst(profileId);
    // An outbox transaction adding to this profile's chain, still open.
    const outbox = new pg.Client({ connectionString: hub.testDb.url });
    await outbox.connect();
    await outbox.query('begin');
    await outbox.query('select last_sequence from webhook_sequences where subject = $1 for update', [profileId]);
    const busy = await hub.testDb.database.transaction((tx) => releaseChains(tx, [{ subscriptionId, subject: profileId }], true));
    expect(busy).toEqual([{ subscriptionId, subject: profileId }]);
    expect((await chain(profileId)).map((row) => row.waiting)).toEqual([false, true, true]);
    await outbox.query('commit');
    await outbox.end();
    await hub.testDb.database.transaction((tx) => releaseChains(tx, busy));
    expect((await chain(profileId)).map((row) => row.waiting)).toEqual([false, false, true]);
  });

  it('has a safety net that releases a chain whose release was lost, and nothing else', async () => {
    const profileId = await profileWithThreeEvents('c');
    await finishFirst(profileId);
    // As if the dispatcher had died between finishing the first and a release it put off.
    expect(await releaseStrandedChains(hub.testDb.database)).toBe(1);
    expect((await chain(profileId)).map((row) => row.waiting)).toEqual([false, false, true]);
    expect(await releaseStrandedChains(hub.testDb.database)).toBe(0);
  });
});
