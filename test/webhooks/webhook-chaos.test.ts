import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHub } from '../support/hub';
import { startWebhookTestHub, type WebhookTestHub } from '../support/webhook-hub';
import type { WebhookReceiver } from '../support/webhook-receiver';

const PROFILES = 30;
const ROUNDS = 5;

/** A seeded generator, so a failing run can be repeated exactly (mulberry32). */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('webhooks to a receiver that fails 30% of requests and goes down for a stretch', () => {
  let hub: TestHub;
  let receiver: WebhookReceiver;

  let setup: WebhookTestHub;

  beforeAll(async () => {
    setup = await startWebhookTestHub(
      'webhook_chaos',
      { HUB_WEBHOOK_RETRY_BASE_MS: '20', HUB_WEBHOOK_RETRY_MAX_DELAY_MS: '200', HUB_WEBHOOK_POLL_MS: '100', HUB_WEBHOOK_TIMEOUT_MS: '1000' },
      { worker: true, receiver: { failureRate: 0.3, random: seeded(7) } },
    );
    ({ hub, receiver } = setup);
  });
  afterAll(() => setup.stop());

  it('ends with every event, each profile\'s in sequence order, and duplicates only as retries of the same webhook-id', async () => {
    const created = await hub.graphql('mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret subscription { id } } }', {
      input: { url: receiver.url, events: ['profile.created', 'profile.updated'] },
    });
    const { secret, subscription } = created.body.data.createWebhookSubscription;
    receiver.useSecrets([secret]);

    for (let round = 0; round < ROUNDS; round++) {
      if (round === 2) await receiver.down();
      const records = Array.from({ length: PROFILES }, (_, index) => ({ external_id: `p${index}`, email: `p${index}@chaos.example.com`, traits: { city: `city-${round}` } }));
      const ingested = await hub.graphql('mutation($r: [JSON!]!) { ingestRecords(source: "shop", records: $r) { created updated } }', { r: records });
      expect(ingested.body.errors).toBeUndefined();
      if (round === 3) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(receiver.requests).toBeGreaterThan(0);
        await receiver.up();
      }
    }

    const events = await hub.testDb.database.query<{ event_id: string; profile_id: string; sequence: number }>(
      'select d.event_id, e.profile_id, e.sequence::int as sequence from webhook_deliveries d join webhook_events e on e.id = d.event_id where d.subscription_id = $1',
      [subscription.id],
    );
    expect(events).toHaveLength(PROFILES * ROUNDS);
    await receiver.waitFor(() => receiver.distinctIds().length === events.length, 60_000);

    // Every event arrived; nothing arrived that is not an event.
    expect(new Set(receiver.distinctIds())).toEqual(new Set(events.map((event) => event.event_id)));
    expect(receiver.badSignatures).toBe(0);
    // A repeated webhook-id carries the very same body (firstArrivals throws otherwise): a retry, never a second event.
    const firstArrivals = receiver.firstArrivals();
    // Each profile's events were first accepted in sequence order, 1..ROUNDS, with no gap.
    const sequences = receiver.sequencesByProfile();
    expect(sequences.size).toBe(PROFILES);
    for (const [profileId, seen] of sequences) expect(seen, profileId).toEqual(Array.from({ length: ROUNDS }, (_, index) => index + 1));
    // The last event of each profile tells its latest value.
    const last = firstArrivals.filter((hook) => hook.body.sequence === ROUNDS);
    for (const hook of last) expect(hook.body.data.changes.traits.city).toEqual({ before: `city-${ROUNDS - 2}`, after: `city-${ROUNDS - 1}` });
    // The chaos was real: requests failed and were retried.
    expect(receiver.requests).toBeGreaterThan(events.length * 1.3);
    await hub.services.webhooks.dispatcher.idle();
    const [{ delivered }] = await hub.testDb.database.query<{ delivered: number }>("select count(*)::int as delivered from webhook_deliveries where subscription_id = $1 and status = 'delivered'", [subscription.id]);
    expect(delivered).toBe(events.length);
  });
});
