import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHub } from '../support/hub';
import { startWebhookTestHub, type WebhookTestHub } from '../support/webhook-hub';
import type { WebhookReceiver } from '../support/webhook-receiver';

const CREATE = `mutation($input: CreateWebhookSubscriptionInput!) {
  createWebhookSubscription(input: $input) { secret subscription { id url events status } }
}`;
const INGEST = 'mutation($r: [JSON!]!) { ingestRecords(source: "shop", records: $r) { created profileIds } }';

describe('webhook delivery to a local receiver', () => {
  let setup: WebhookTestHub;
  let hub: TestHub;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    setup = await startWebhookTestHub('webhook_delivery');
    ({ hub, receiver } = setup);
  });
  afterAll(() => setup.stop());

  it('sends a profile.created signed per Standard Webhooks within seconds of ingestRecords creating the profile', async () => {
    const created = await hub.graphql(CREATE, { input: { url: receiver.url, events: ['profile.created', 'profile.updated'], description: 'crm' } });
    expect(created.body.errors).toBeUndefined();
    const { secret, subscription } = created.body.data.createWebhookSubscription;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(subscription).toMatchObject({ url: receiver.url, events: ['profile.created', 'profile.updated'], status: 'active' });
    receiver.useSecrets([secret]);

    const started = Date.now();
    const ingested = await hub.graphql(INGEST, { r: [{ external_id: 'c1', email: 'ada@example.com', first_name: 'Ada' }] });
    const [profileId] = ingested.body.data.ingestRecords.profileIds;
    await receiver.waitFor(() => receiver.accepted.length >= 1, 5000);
    expect(Date.now() - started).toBeLessThan(5000);

    const [hook] = receiver.accepted;
    expect(receiver.badSignatures).toBe(0);
    expect(hook!.id).toMatch(/^msg_/);
    expect(hook!.body).toMatchObject({ type: 'profile.created', profileId, sequence: 1, data: { changes: { traits: { email: { before: null, after: 'ada@example.com' } } } } });
    expect(Math.abs(hook!.timestamp * 1000 - Date.now())).toBeLessThan(60_000);
  });

  it('tells every change of a profile in sequence: updated with values before and after, segment entries, merge and split', async () => {
    const { secret, subscription } = (await hub.graphql(CREATE, { input: { url: receiver.url, events: ['profile.created', 'profile.updated', 'profile.merged', 'profile.split', 'segment.entered', 'segment.exited'] } })).body.data.createWebhookSubscription;
    receiver.useSecrets([secret]);
    const mine = () => receiver.accepted.filter((hook) => hook.body.profileId !== null && seen.has(hook.id));
    const seen = new Set<string>();
    const track = async () => {
      const rows = await hub.testDb.database.query<{ event_id: string }>('select event_id from webhook_deliveries where subscription_id = $1', [subscription.id]);
      for (const row of rows) seen.add(row.event_id);
    };

    const first = (await hub.graphql(INGEST, { r: [{ external_id: 'k1', email: 'kai@example.com', traits: { city: 'Beijing' } }] })).body.data.ingestRecords.profileIds[0];
    await hub.graphql(INGEST, { r: [{ external_id: 'k1', email: 'kai@example.com', traits: { city: 'Shanghai' } }] });
    const segment = await hub.graphql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id } }', { input: { name: 'in shanghai', definition: { trait: { key: 'city', op: 'EQ', value: 'Shanghai' } } } });
    const segmentId = segment.body.data.createSegment.id;
    const second = (await hub.graphql(INGEST, { r: [{ external_id: 'k2', email: 'kai.other@example.com', traits: { city: 'Shanghai' } }] })).body.data.ingestRecords.profileIds[0];
    const merge = await hub.graphql('mutation($a: ID!, $b: ID!) { mergeProfiles(a: $a, b: $b) { profileIds } }', { a: first, b: second });
    const [survivor] = merge.body.data.mergeProfiles.profileIds;
    const gone = survivor === first ? second : first;
    const [{ id: k2Record }] = await hub.testDb.database.query<{ id: string }>("select id from source_records where external_id = 'k2'");
    const split = await hub.graphql('mutation($p: ID!, $r: [ID!]!) { splitProfile(profileId: $p, sourceRecordIds: $r) { profileIds } }', { p: survivor, r: [k2Record] });
    const [, splitOff] = split.body.data.splitProfile.profileIds;

    await track();
    await receiver.waitFor(() => mine().length >= seen.size);
    const byProfile = new Map<string, { type: string; sequence: number; data: any }[]>();
    for (const hook of mine()) byProfile.set(hook.body.profileId!, [...(byProfile.get(hook.body.profileId!) ?? []), { type: hook.body.type, sequence: hook.body.sequence, data: hook.body.data }]);
    for (const [, events] of byProfile) expect(events.map((event) => event.sequence)).toEqual([...events.map((event) => event.sequence)].sort((a, b) => a - b));

    const typesOf = (profileId: string) => byProfile.get(profileId)!.map((event) => event.type);
    expect(typesOf(first === survivor ? first : second).slice(0, 1)).toEqual(['profile.created']);
    const k1Events = byProfile.get(first)!;
    expect(k1Events.find((event) => event.type === 'profile.updated')!.data).toEqual({ changes: { traits: { city: { before: 'Beijing', after: 'Shanghai' } } } });
    expect(k1Events.find((event) => event.type === 'segment.entered')!.data).toEqual({ segmentId, segmentName: 'in shanghai' });
    expect(typesOf(gone).at(-1)).toBe('profile.merged');
    expect(byProfile.get(gone)!.at(-1)!.data).toEqual({ survivorId: survivor });
    expect(typesOf(survivor)).toContain('profile.split');
    expect(byProfile.get(survivor)!.find((event) => event.type === 'profile.split')!.data).toEqual({ createdProfileId: splitOff });
    expect(typesOf(splitOff)).toEqual(expect.arrayContaining(['profile.created', 'segment.entered']));
  });

  it('limits a subscription with a segment to that segment\'s members and its own entries and exits', async () => {
    await hub.graphql(INGEST, { r: [{ external_id: 'v0', email: 'gold@example.com', traits: { tier: 'gold' } }] });
    const segment = await hub.graphql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id } }', { input: { name: 'vip', definition: { trait: { key: 'tier', op: 'EQ', value: 'vip' } } } });
    const segmentId = segment.body.data.createSegment.id;
    const { secret, subscription } = (await hub.graphql(CREATE, { input: { url: receiver.url, events: ['profile.created', 'profile.updated', 'segment.entered', 'segment.exited'], segmentId } })).body.data.createWebhookSubscription;
    receiver.useSecrets([secret]);
    await hub.graphql(INGEST, { r: [{ external_id: 'v1', email: 'vip@example.com', traits: { tier: 'vip' } }, { external_id: 'v2', email: 'plain@example.com', traits: { tier: 'basic' } }] });
    await hub.graphql(INGEST, { r: [{ external_id: 'v1', email: 'vip@example.com', traits: { tier: 'basic' } }] });
    await hub.services.webhooks.dispatcher.idle();
    const rows = await hub.testDb.database.query<{ type: string; external_id: string }>(
      `select e.type, r.external_id from webhook_deliveries d join webhook_events e on e.id = d.event_id join source_records r on r.profile_id = e.profile_id
        where d.subscription_id = $1 order by e.sequence`,
      [subscription.id],
    );
    // v1 was a member when created and left on its update (its profile.updated goes nowhere: it is no longer a member); v2 never was.
    expect(rows).toEqual([
      { type: 'profile.created', external_id: 'v1' },
      { type: 'segment.entered', external_id: 'v1' },
      { type: 'segment.exited', external_id: 'v1' },
    ]);
    await hub.graphql('mutation($id: ID!) { deleteWebhookSubscription(id: $id) }', { id: subscription.id });
  });

  it('signs with the old and the new secret during a rotation\'s overlap, then with the new one only', async () => {
    const { secret: old, subscription } = (await hub.graphql(CREATE, { input: { url: receiver.url, events: ['profile.created'] } })).body.data.createWebhookSubscription;
    const rotate = 'mutation($id: ID!, $h: Float) { rotateWebhookSecret(id: $id, overlapHours: $h) { secret subscription { previousSecretExpiresAt } } }';
    const rotated = (await hub.graphql(rotate, { id: subscription.id, h: 1 })).body.data.rotateWebhookSecret;
    expect(rotated.secret).not.toBe(old);
    expect(new Date(rotated.subscription.previousSecretExpiresAt).getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    for (const secrets of [[old], [rotated.secret]]) {
      receiver.useSecrets(secrets);
      const before = receiver.accepted.length;
      await hub.graphql(INGEST, { r: [{ external_id: `rot-${secrets[0]!.slice(6, 12)}`, email: `${secrets[0]!.slice(6, 10).replace(/[^a-z]/gi, 'x')}@rotate.example.com` }] });
      await receiver.waitFor(() => receiver.accepted.length > before);
    }
    // With no overlap, only the newest secret signs.
    const newest = (await hub.graphql(rotate, { id: subscription.id, h: 0 })).body.data.rotateWebhookSecret.secret;
    receiver.useSecrets([rotated.secret]);
    await hub.graphql(INGEST, { r: [{ external_id: 'rot-last', email: 'last@rotate.example.com' }] });
    await receiver.waitFor(() => receiver.badSignatures > 0);
    receiver.useSecrets([newest]);
    await hub.graphql('mutation($id: ID!) { deleteWebhookSubscription(id: $id) }', { id: subscription.id });
    receiver.badSignatures = 0;
  });

  it('pages a subscription\'s deliveries newest first', async () => {
    const { secret, subscription } = (await hub.graphql(CREATE, { input: { url: receiver.url, events: ['profile.created'] } })).body.data.createWebhookSubscription;
    receiver.useSecrets([secret]);
    await hub.graphql(INGEST, { r: [1, 2, 3].map((n) => ({ external_id: `page${n}`, email: `page${n}@example.com` })) });
    const page = (after?: string, first = 2) =>
      hub.graphql('query($id: ID!, $first: Int, $after: String) { webhookDeliveries(subscriptionId: $id, first: $first, after: $after) { edges { cursor node { id status } } pageInfo { hasNextPage endCursor } } }', { id: subscription.id, first, after });
    // The dispatcher is woken by the outbox's notification: idle() right after the ingest can come before it
    // has started (seen under a loaded CI run), so wait for the three deliveries themselves.
    const delivered = async () => (await page(undefined, 10)).body.data.webhookDeliveries.edges.filter((edge: any) => edge.node.status === 'delivered').length;
    for (let tries = 0; (await delivered()) < 3 && tries < 200; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    const first = (await page()).body.data.webhookDeliveries;
    const second = (await page(first.pageInfo.endCursor)).body.data.webhookDeliveries;
    const ids = [...first.edges, ...second.edges].map((edge: any) => edge.node.id);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(ids).toHaveLength(3);
    expect(ids).toEqual([...ids].sort().reverse());
    expect([...first.edges, ...second.edges].every((edge: any) => edge.node.status === 'delivered')).toBe(true);
  });
});
