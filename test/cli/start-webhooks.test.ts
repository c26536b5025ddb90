import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubProcess } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { WebhookReceiver } from '../support/webhook-receiver';

let testDb: TestDatabase;
let receiver: WebhookReceiver;

beforeAll(async () => {
  testDb = await createTestDatabase('start_webhooks');
  receiver = await WebhookReceiver.start();
});
afterAll(async () => {
  await receiver?.close();
  await testDb?.drop();
});

async function graphql(url: string, key: string, query: string, variables: Record<string, unknown>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as any;
}

describe('hub start with HUB_WEBHOOK_ALLOW_PRIVATE=true', () => {
  it('sends a correctly signed profile.created to a local receiver within seconds of ingestRecords creating the profile', async () => {
    const env = { DATABASE_URL: testDb.url, REDIS_URL: '', HUB_PORT: '0', HUB_DEMO: '0', HUB_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-webhooks-')), HUB_WEBHOOK_ALLOW_PRIVATE: 'true' };
    const hub = await startHubProcess(['start'], env, /API key: \S+\n/);
    try {
      const url = /^GraphQL: (\S+)$/m.exec(hub.output())![1]!;
      const key = /^API key: (\S+)$/m.exec(hub.output())![1]!;
      const created = await graphql(url, key, 'mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret } }', {
        input: { url: receiver.url, events: ['profile.created'] },
      });
      receiver.useSecrets([created.data.createWebhookSubscription.secret]);
      const started = Date.now();
      const ingested = await graphql(url, key, 'mutation($r: [JSON!]!) { ingestRecords(source: "shop", records: $r) { profileIds } }', { r: [{ external_id: 'c1', email: 'new.customer@example.com' }] });
      await receiver.waitFor(() => receiver.accepted.length === 1, 5000);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(receiver.badSignatures).toBe(0);
      expect(receiver.accepted[0]!.body).toMatchObject({ type: 'profile.created', profileId: ingested.data.ingestRecords.profileIds[0], sequence: 1 });
    } finally {
      hub.child.kill('SIGTERM');
      expect(await hub.exited).toBe(0);
    }
  }, 60_000);
});
