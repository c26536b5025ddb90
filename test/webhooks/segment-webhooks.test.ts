import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHub } from '../support/hub';
import { startWebhookTestHub, type WebhookTestHub } from '../support/webhook-hub';

// More than the outbox writes in one statement (5000): a whole evaluation is written in slices.
const MEMBERS = 6200;

describe('segment webhooks from whole evaluations', () => {
  let setup: WebhookTestHub;
  let hub: TestHub;

  beforeAll(async () => {
    setup = await startWebhookTestHub('segment_webhooks');
    hub = setup.hub;
  });
  afterAll(() => setup.stop());

  it('sends segment.entered for every member when a segment is created and segment.exited when a redefinition drops them', async () => {
    for (let start = 0; start < MEMBERS; start += 1000) {
      const records = Array.from({ length: Math.min(1000, MEMBERS - start) }, (_, offset) => ({ external_id: `m${start + offset}`, email: `m${start + offset}@seg.example.com`, traits: { tier: (start + offset) % 2 === 0 ? 'gold' : 'silver' } }));
      await hub.services.ingestion.ingest('shop', records);
    }
    const { secret, subscription } = await hub.services.webhooks.subscriptions.create({ url: setup.receiver.url, events: ['segment.entered', 'segment.exited'] });
    setup.receiver.useSecrets([secret]);

    const segment = await hub.services.segments.create({ name: 'everyone', definition: { trait: { key: 'tier', op: 'IN', value: ['gold', 'silver'] } } });
    await hub.services.segments.update(segment.id, { definition: { trait: { key: 'tier', op: 'EQ', value: 'gold' } } });
    await setup.receiver.waitFor(() => setup.receiver.distinctIds().length === MEMBERS + MEMBERS / 2, 30_000);

    const hooks = setup.receiver.firstArrivals();
    const entered = hooks.filter((hook) => hook.body.type === 'segment.entered');
    const exited = hooks.filter((hook) => hook.body.type === 'segment.exited');
    expect(new Set(entered.map((hook) => hook.body.profileId)).size).toBe(MEMBERS);
    expect(exited).toHaveLength(MEMBERS / 2);
    expect(entered[0]!.body.data).toEqual({ segmentId: segment.id, segmentName: 'everyone' });
    // Per profile: entered (sequence 1 of what it ever sent), then, for the silver half, exited.
    for (const [profileId, sequences] of setup.receiver.sequencesByProfile()) expect(sequences, profileId).toEqual(sequences.length === 1 ? [1] : [1, 2]);
    await hub.services.webhooks.dispatcher.idle();
    const [{ deliveries }] = await hub.testDb.database.query<{ deliveries: number }>("select count(*)::int as deliveries from webhook_deliveries where subscription_id = $1 and status = 'delivered'", [subscription.id]);
    expect(deliveries).toBe(MEMBERS + MEMBERS / 2);
  }, 60_000);
});
