import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHub } from '../support/hub';
import { startWebhookTestHub, type WebhookTestHub } from '../support/webhook-hub';
import type { WebhookReceiver } from '../support/webhook-receiver';

const CREATE = 'mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret subscription { id } } }';
const INGEST = 'mutation($r: [JSON!]!) { ingestRecords(source: "shop", records: $r) { profileIds } }';
const SUBSCRIPTION = 'query($id: ID!) { webhookSubscription(id: $id) { status disabledReason failingSince } }';
const DELIVERIES = `query($id: ID!, $status: String) { webhookDeliveries(subscriptionId: $id, status: $status) {
  edges { node { id eventType status attempts responseCode latencyMs lastError nextAttemptAt deliveredAt } } } }`;

// Retries every few tens of milliseconds, for a window of 1.8 seconds: a day of retrying, compressed.
const FAST_RETRIES = {
  HUB_WEBHOOK_RETRY_HOURS: '0.0005',
  HUB_WEBHOOK_RETRY_BASE_MS: '20',
  HUB_WEBHOOK_RETRY_MAX_DELAY_MS: '150',
  HUB_WEBHOOK_POLL_MS: '100',
  HUB_WEBHOOK_TIMEOUT_MS: '400',
};

async function until(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('webhook retries, dead letters and replay', () => {
  let hub: TestHub;
  let receiver: WebhookReceiver;
  let counter = 0;
  const secrets: string[] = [];

  const subscribe = async (events = ['profile.created']) => {
    const { secret, subscription } = (await hub.graphql(CREATE, { input: { url: receiver.url, events } })).body.data.createWebhookSubscription;
    // Every subscription of this file signs for the same receiver.
    secrets.push(secret);
    receiver.useSecrets(secrets);
    return subscription.id as string;
  };
  const ingestOne = () => hub.graphql(INGEST, { r: [{ external_id: `r${++counter}`, email: `retry${counter}@example.com` }] });
  const subscription = async (id: string) => (await hub.graphql(SUBSCRIPTION, { id })).body.data.webhookSubscription;
  const deliveries = async (id: string, status?: string) => (await hub.graphql(DELIVERIES, { id, status })).body.data.webhookDeliveries.edges.map((edge: any) => edge.node);

  let setup: WebhookTestHub;
  beforeAll(async () => {
    // The worker's path: the queue's webhooks-dispatch tick retries, and commits wake the dispatcher.
    setup = await startWebhookTestHub('webhook_retries', FAST_RETRIES, { worker: true });
    ({ hub, receiver } = setup);
  });
  afterAll(() => setup.stop());

  it('retries a failing receiver until it answers, and shows each delivery\'s status, attempts, response code and latency', async () => {
    const id = await subscribe();
    receiver.behaviour = { status: 503 };
    await ingestOne();
    await until(async () => (await deliveries(id))[0]?.attempts >= 3);
    const [failing] = await deliveries(id, 'pending');
    expect(failing).toMatchObject({ eventType: 'profile.created', status: 'pending', responseCode: 503, lastError: 'HTTP 503', deliveredAt: null });
    expect(failing.nextAttemptAt).not.toBeNull();
    expect((await subscription(id)).failingSince).not.toBeNull();

    receiver.behaviour = {};
    await until(async () => (await deliveries(id, 'delivered')).length === 1);
    const [delivered] = await deliveries(id, 'delivered');
    expect(delivered).toMatchObject({ status: 'delivered', responseCode: 204, lastError: null, nextAttemptAt: null });
    expect(delivered.attempts).toBeGreaterThanOrEqual(4);
    expect(delivered.latencyMs).toBeGreaterThanOrEqual(0);
    expect(receiver.distinctIds()).toContain(delivered.id);
    expect(await subscription(id)).toMatchObject({ status: 'active', failingSince: null });
    await hub.graphql('mutation($id: ID!) { deleteWebhookSubscription(id: $id) }', { id });
  });

  it('disables a subscription whose receiver answers 410 Gone, keeps its events, and sends them when it is enabled again', async () => {
    const id = await subscribe();
    receiver.behaviour = { status: 410 };
    await ingestOne();
    await until(async () => (await subscription(id)).status === 'disabled');
    expect((await subscription(id)).disabledReason).toMatch(/^the receiver answered 410 Gone at /);
    await ingestOne();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const waiting = await deliveries(id, 'pending');
    expect(waiting).toHaveLength(2);
    expect(waiting.map((delivery: any) => delivery.attempts).sort()).toEqual([0, 1]);

    receiver.behaviour = {};
    const accepted = receiver.accepted.length;
    await hub.graphql('mutation($id: ID!) { updateWebhookSubscription(id: $id, input: { enabled: true }) { status } }', { id });
    await receiver.waitFor(() => receiver.accepted.length === accepted + 2);
    expect(await subscription(id)).toMatchObject({ status: 'active', disabledReason: null });
    await hub.graphql('mutation($id: ID!) { deleteWebhookSubscription(id: $id) }', { id });
  });

  it('dead-letters a delivery after its retry window, disables a subscription that failed throughout, and replays with the same webhook-id', async () => {
    const id = await subscribe();
    await receiver.down();
    const windowStart = new Date(Date.now() - 1000);
    await ingestOne();
    await until(async () => (await deliveries(id, 'dead')).length === 1);
    const [dead] = await deliveries(id, 'dead');
    expect(dead.attempts).toBeGreaterThan(3);
    expect(dead).toMatchObject({ responseCode: null, lastError: 'connection failed (ECONNREFUSED)', nextAttemptAt: null });
    const disabled = await subscription(id);
    expect(disabled.status).toBe('disabled');
    expect(disabled.disabledReason).toMatch(/^every attempt failed since .*, a whole retry window; last: connection failed \(ECONNREFUSED\)$/);

    await receiver.up();
    await hub.graphql('mutation($id: ID!) { updateWebhookSubscription(id: $id, input: { enabled: true }) { status } }', { id });
    const replay = await hub.graphql('mutation($id: ID!, $from: DateTimeISO!, $to: DateTimeISO!) { replayWebhookDeliveries(subscriptionId: $id, from: $from, to: $to) }', {
      id,
      from: windowStart.toISOString(),
      to: new Date().toISOString(),
    });
    expect(replay.body.data.replayWebhookDeliveries).toBe(1);
    await receiver.waitFor(() => receiver.distinctIds().includes(dead.id));
    await until(async () => (await deliveries(id, 'delivered')).length === 1);

    // Replaying one delivery sends it again, once more with its own webhook-id.
    const before = receiver.accepted.filter((hook) => hook.id === dead.id).length;
    const one = await hub.graphql('mutation($s: ID!, $id: ID!) { replayWebhookDelivery(subscriptionId: $s, id: $id) { id status } }', { s: id, id: dead.id });
    expect(one.body.data.replayWebhookDelivery).toEqual({ id: dead.id, status: 'pending' });
    await receiver.waitFor(() => receiver.accepted.filter((hook) => hook.id === dead.id).length === before + 1);
    await hub.graphql('mutation($id: ID!) { deleteWebhookSubscription(id: $id) }', { id });
  });

  it('answers bad input with clear errors and refuses keys without the webhooks:admin scope', async () => {
    const bad = await hub.graphql(CREATE, { input: { url: receiver.url, events: ['profile.created', 'profile.exploded'] } });
    expect(bad.body.errors[0]).toMatchObject({ message: expect.stringMatching(/Unknown webhook event 'profile.exploded'; use profile.created, .*sync.failed/), extensions: { code: 'BAD_USER_INPUT' } });
    const none = await hub.graphql(CREATE, { input: { url: receiver.url, events: [] } });
    expect(none.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const url = await hub.graphql(CREATE, { input: { url: 'mailto:ops@example.com', events: ['profile.created'] } });
    expect(url.body.errors[0].message).toMatch(/Webhook URL rejected: the scheme must be https/);
    const forbidden = await hub.graphql('{ webhookSubscriptions { id } }', {}, hub.keys.read);
    expect(forbidden.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const id = await subscribe();
    const status = await hub.graphql(DELIVERIES, { id, status: 'lost' });
    expect(status.body.errors[0].message).toBe("Unknown delivery status 'lost'; use pending, delivering, delivered, dead.");
    const missing = await hub.graphql('mutation($s: ID!) { replayWebhookDelivery(subscriptionId: $s, id: "msg_nope") { id } }', { s: id });
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const range = await hub.graphql('mutation($id: ID!) { replayWebhookDeliveries(subscriptionId: $id, from: "2026-12-03T10:00:00Z", to: "2026-12-03T09:00:00Z") }', { id });
    expect(range.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await hub.graphql(SUBSCRIPTION, { id: 'whk_nope' })).body.data.webhookSubscription).toBeNull();
  });

  it('prunes deliveries past the retention that are finished or wait for a disabled subscription, and the events nothing refers to', async () => {
    for (const earlier of await hub.services.webhooks.subscriptions.list()) await hub.services.webhooks.subscriptions.remove(earlier.id);
    const [finished, disabled, active] = [await subscribe(), await subscribe(), await subscribe()];
    await hub.graphql('mutation($id: ID!) { updateWebhookSubscription(id: $id, input: { enabled: false }) { status } }', { id: disabled });
    await ingestOne();
    await until(async () => (await deliveries(finished, 'delivered')).length === 1 && (await deliveries(active, 'delivered')).length === 1);
    const [{ id: eventId }] = await deliveries(finished);
    // The active subscription's delivery waits for a retry tomorrow; all three and the event are 40 days old (retention: 30).
    await hub.testDb.database.query("update webhook_deliveries set status = 'pending', next_attempt_at = now() + interval '1 day' where subscription_id = $1", [active]);
    await hub.testDb.database.query("update webhook_deliveries set created_at = now() - interval '40 days' where event_id = $1", [eventId]);
    await hub.testDb.database.query("update webhook_events set occurred_at = now() - interval '40 days' where id = $1", [eventId]);
    expect(await hub.services.webhooks.deliveries.prune()).toEqual({ deliveries: 2, events: 0, stranded: 0 });
    expect(await deliveries(finished)).toEqual([]);
    expect(await deliveries(disabled)).toEqual([]);
    expect((await deliveries(active, 'pending')).map((delivery: any) => delivery.id)).toEqual([eventId]);

    await hub.graphql('mutation($id: ID!) { deleteWebhookSubscription(id: $id) }', { id: active });
    expect(await hub.services.webhooks.deliveries.prune()).toEqual({ deliveries: 0, events: 1, stranded: 0 });
    for (const id of [finished, disabled]) await hub.graphql('mutation($id: ID!) { deleteWebhookSubscription(id: $id) }', { id });
  });
});
