import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

const DELIVERIES = `query($id: ID!, $status: String) {
  webhookDeliveries(subscriptionId: $id, status: $status, first: 50) {
    edges { node { id eventType profileId sequence status attempts nextAttemptAt createdAt deliveredAt } }
  }
}`;

describe('webhookDeliveries answers deliveries in every state', () => {
  let hub: TestHub;
  let subscriptionId: string;

  beforeAll(async () => {
    hub = await startTestHub('webhook_deliveries_query', { HUB_WEBHOOK_ALLOW_PRIVATE: 'true' });
    // No dispatcher runs: the first delivery of the profile stays due, the second waits behind it.
    subscriptionId = (await hub.services.webhooks.subscriptions.create({ url: 'http://127.0.0.1:9/hooks', events: ['profile.created', 'profile.updated'] })).subscription.id;
    await hub.services.ingestion.ingest('shop', [{ external_id: 'w1', email: 'wait@deliveries.example.com', traits: { n: 1 } }]);
    await hub.services.ingestion.ingest('shop', [{ external_id: 'w1', email: 'wait@deliveries.example.com', traits: { n: 2 } }]);
  });
  afterAll(() => hub.stop());

  it('lists a delivery waiting behind another of its profile with no next attempt, and the due one with its time', async () => {
    const response = await hub.graphql(DELIVERIES, { id: subscriptionId });
    expect(response.body.errors).toBeUndefined();
    const nodes = response.body.data.webhookDeliveries.edges.map((edge: { node: Record<string, unknown> }) => edge.node);
    expect(nodes.map((node: { sequence: number }) => node.sequence).sort()).toEqual([1, 2]);
    const due = nodes.find((node: { sequence: number }) => node.sequence === 1);
    const waiting = nodes.find((node: { sequence: number }) => node.sequence === 2);
    expect(due).toMatchObject({ status: 'pending', eventType: 'profile.created' });
    expect(Number.isNaN(Date.parse(due.nextAttemptAt))).toBe(false);
    expect(waiting).toMatchObject({ status: 'pending', eventType: 'profile.updated', nextAttemptAt: null });
  });

  it('answers every status filter without an error', async () => {
    // One delivery of each finished kind, set by hand: delivered and dead carry no next attempt.
    await hub.testDb.database.query("update webhook_deliveries set status = 'delivered', delivered_at = now() where subscription_id = $1 and sequence = 1", [subscriptionId]);
    await hub.services.ingestion.ingest('shop', [{ external_id: 'w2', email: 'dead@deliveries.example.com', traits: { n: 1 } }]);
    await hub.testDb.database.query("update webhook_deliveries set status = 'dead', next_attempt_at = 'infinity' where subscription_id = $1 and event_id = (select max(event_id) from webhook_deliveries where subscription_id = $1)", [subscriptionId]);
    for (const status of [null, 'pending', 'delivering', 'delivered', 'dead']) {
      const response = await hub.graphql(DELIVERIES, { id: subscriptionId, status });
      expect(response.body.errors, `status ${status}`).toBeUndefined();
      for (const { node } of response.body.data.webhookDeliveries.edges) {
        if (node.nextAttemptAt !== null) expect(Number.isNaN(Date.parse(node.nextAttemptAt))).toBe(false);
      }
    }
    const dead = await hub.graphql(DELIVERIES, { id: subscriptionId, status: 'dead' });
    expect(dead.body.data.webhookDeliveries.edges).toHaveLength(1);
  });
});
