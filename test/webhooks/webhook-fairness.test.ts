import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHub } from '../support/hub';
import { startWebhookTestHub, type WebhookTestHub } from '../support/webhook-hub';
import { WebhookReceiver } from '../support/webhook-receiver';

const CREATE = 'mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret subscription { id } } }';
const INGEST = 'mutation($r: [JSON!]!) { ingestRecords(source: "shop", records: $r) { created } }';
const customers = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => ({ external_id: `${prefix}${index}`, email: `${prefix}${index}@fair.example.com` }));

describe('webhook slots shared between subscriptions', () => {
  let setup: WebhookTestHub;
  let hub: TestHub;
  let hanging: WebhookReceiver;

  beforeAll(async () => {
    // Eight slots per dispatcher; an attempt that gets no answer holds its slot for 1.5 s.
    setup = await startWebhookTestHub('webhook_fairness', { HUB_WEBHOOK_CONCURRENCY: '8', HUB_WEBHOOK_TIMEOUT_MS: '1500', HUB_WEBHOOK_RETRY_BASE_MS: '20', HUB_WEBHOOK_POLL_MS: '100' }, { worker: true });
    hub = setup.hub;
    hanging = await WebhookReceiver.start([], { hang: true });
  });
  afterAll(async () => {
    await setup.stop();
    await hanging.close();
  });

  it("delivers a healthy subscription's fresh events promptly while another's receiver hangs on an older backlog", async () => {
    await hub.graphql(CREATE, { input: { url: hanging.url, events: ['profile.created'] } });
    // An older backlog for the hanging receiver: 80 attempts of 1.5 s each, 8 at a time, would take 15 s in turn.
    await hub.graphql(INGEST, { r: customers('old', 80) });
    const healthy = (await hub.graphql(CREATE, { input: { url: setup.receiver.url, events: ['profile.created'] } })).body.data.createWebhookSubscription;
    setup.receiver.useSecrets([healthy.secret]);
    const started = Date.now();
    await hub.graphql(INGEST, { r: customers('new', 20) });
    await setup.receiver.waitFor(() => setup.receiver.distinctIds().length === 20, 10_000);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(hanging.requests).toBeGreaterThan(0);
  });
});
