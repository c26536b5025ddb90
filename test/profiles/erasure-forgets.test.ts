import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileOfRecord, type TestHub } from '../support/hub';
import { startWebhookTestHub, type WebhookTestHub } from '../support/webhook-hub';
import type { WebhookReceiver } from '../support/webhook-receiver';

/**
 * Issue 20, finding 4: after a merge, deleteProfile(survivor) left the absorbed profile's profile.created body
 * (e-mail, phone, name, city), replayWebhookDeliveries sent it again, segment_changes stayed, and the next sync
 * made the person again. This file seeds every kind of table with a person's markers, erases the person, and
 * searches every column of every table for them.
 */

const MARKER = 'forget-me-7f3a';
const NAME = 'Zebulonia';
const CITY = 'Quixville';
const MARKERS = [MARKER, NAME, CITY];
const EMAIL = `${MARKER}@example.com`;

const INGEST = 'mutation($s: String!, $r: [JSON!]!) { ingestRecords(source: $s, records: $r) { created suppressed rejected profileIds } }';
const MERGE = 'mutation($a: ID!, $b: ID!) { mergeProfiles(a: $a, b: $b) { profileIds } }';
const ERASE = 'mutation($id: ID!) { eraseProfile(id: $id) { id profileId erasedAt suppressionId removed { kind count } } }';

/** Every base table of the test database, and how many of its rows quote any marker in any column. */
async function rowsQuotingMarkers(hub: TestHub): Promise<Record<string, number>> {
  const tables = await hub.testDb.database.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
  );
  expect(tables.length).toBeGreaterThan(20);
  const found: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    expect(table).toMatch(/^[a-z_0-9]+$/);
    const [{ count }] = await hub.testDb.database.query<{ count: number }>(
      `select count(*)::int as count from ${table} t where ${MARKERS.map((_, index) => `t::text ilike $${index + 1}`).join(' or ')}`,
      MARKERS.map((marker) => `%${marker}%`),
    );
    if (count > 0) found[table] = count;
  }
  return found;
}

describe('erasure that forgets', () => {
  let setup: WebhookTestHub;
  let hub: TestHub;
  let receiver: WebhookReceiver;
  let eraseKey: string;
  let segment: string;

  beforeAll(async () => {
    setup = await startWebhookTestHub('erasure_forgets');
    ({ hub, receiver } = setup);
    eraseKey = (await hub.services.apiKeys.create('erasure officer', ['profiles:erase'])).key;
    await hub.graphql(INGEST, { s: 'shop', r: [{ external_id: 'keep', email: 'keep.me@example.com', traits: { tier: 'vip' } }] });
    segment = (await hub.graphql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id } }', { input: { name: 'vips', definition: { trait: { key: 'tier', op: 'EQ', value: 'vip' } } } })).body.data.createSegment.id;
  });
  afterAll(() => setup.stop());

  it('erases a person merged from three sources from every table, replays nothing personal, and refuses the person until the suppression is lifted', async () => {
    const created = await hub.graphql('mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { subscription { id } secret } }', {
      input: { url: receiver.url, events: ['profile.created', 'profile.updated', 'profile.merged', 'profile.deleted', 'segment.entered', 'segment.exited'] },
    });
    expect(created.body.errors).toBeUndefined();
    const subscription = { id: created.body.data.createWebhookSubscription.subscription.id, secret: created.body.data.createWebhookSubscription.secret };
    receiver.useSecrets([subscription.secret]);

    // The person, from three sources, with events (a bystander who must stay is there from the start).
    const person = { first_name: NAME, city: CITY, phone: '+86 138 0013 8123', traits: { tier: 'vip', note: `call ${MARKER}` } };
    await hub.graphql(INGEST, { s: 'shop', r: [{ external_id: 'e1', email: EMAIL, ...person, events: [{ type: 'order', occurred_at: '2026-11-01T00:00:00Z', amount: 30, properties: { gift_for: NAME } }] }] });
    await hub.graphql(INGEST, { s: 'pos', r: [{ external_id: 'm1', email: `${MARKER}.pos@example.com`, first_name: NAME, city: CITY }] });
    await hub.graphql(INGEST, { s: 'crm', r: [{ external_id: 'c1', email: `${MARKER}.crm@example.com`, first_name: NAME }] });
    // A chain of merges: shop + pos, then that + crm. The erasure must follow it to every absorbed profile.
    const first = (await hub.graphql(MERGE, { a: await profileOfRecord(hub, 'shop', 'e1'), b: await profileOfRecord(hub, 'pos', 'm1') })).body.data.mergeProfiles.profileIds[0];
    const survivor = (await hub.graphql(MERGE, { a: first, b: await profileOfRecord(hub, 'crm', 'c1') })).body.data.mergeProfiles.profileIds[0];
    const records = await hub.testDb.database.query<{ id: string; source: string }>('select id, source from source_records where profile_id = $1 order by id', [survivor]);
    expect(records.map((record) => record.source).sort()).toEqual(['crm', 'pos', 'shop']);
    const [tombstones] = await hub.testDb.database.query<{ count: number }>('select count(*)::int as count from profiles where merged_into_id is not null');
    expect(tombstones.count).toBe(2);

    // What resolution and syncs keep beside the profile tables: a review of two of its records, links, and a rejected row quoting it.
    const [left, right] = [records[0].id, records[1].id].sort();
    await hub.testDb.database.query(`insert into match_reviews (id, left_record_id, right_record_id, probability, evidence) values ('rev_01jerasuretest0000000000', $1, $2, 0.7, $3)`, [left, right, JSON.stringify({ email: EMAIL })]);
    await hub.testDb.database.query(`insert into must_links (left_record_id, right_record_id, reason, created_by) values ($1, $2, 'same person', 'test') on conflict do nothing`, [left, right]);
    const connection = (await hub.testDb.database.query<{ id: string }>(`insert into connections (id, name, connector, config) values ('conn_01jerasuretest000000000', 'legacy', 'shopify', '{}') returning id`))[0].id;
    await hub.testDb.database.query(`insert into sync_runs (id, connection_id, status, trigger) values ('run_01jerasuretest0000000000', $1, 'succeeded', 'manual')`, [connection]);
    await hub.testDb.database.query(`insert into sync_rejections (id, run_id, stream, reason, raw) values ('rej_01jerasuretest0000000000', 'run_01jerasuretest0000000000', 'customers', 'amount: out of range', $1)`, [
      JSON.stringify({ id: 99, email: EMAIL.toUpperCase(), total: 1e15 }),
    ]);

    await receiver.waitFor(() => receiver.accepted.some((hook) => JSON.stringify(hook.body).includes(MARKER)));
    await hub.services.webhooks.dispatcher.idle();
    const before = await rowsQuotingMarkers(hub);
    for (const table of ['source_records', 'identities', 'traits', 'events', 'webhook_events', 'match_reviews', 'sync_rejections']) expect(before[table], table).toBeGreaterThan(0);
    const [changesBefore] = await hub.testDb.database.query<{ count: number }>('select count(*)::int as count from segment_changes where segment_id = $1', [segment]);
    expect(changesBefore.count).toBeGreaterThan(0);

    // profiles:write no longer erases; profiles:erase does, and answers a receipt without personal data.
    expect((await hub.graphql(ERASE, { id: survivor }, hub.keys.write)).body.errors[0].extensions.code).toBe('FORBIDDEN');
    const erased = await hub.graphql(ERASE, { id: survivor }, eraseKey);
    const receipt = erased.body.data.eraseProfile;
    expect(receipt).toMatchObject({ id: expect.stringMatching(/^era_/), profileId: survivor, suppressionId: expect.stringMatching(/^sup_/) });
    const removed = Object.fromEntries(receipt.removed.map((row: { kind: string; count: number }) => [row.kind, row.count]));
    expect(removed).toMatchObject({ profiles: 3, source_records: 3, match_reviews: 1, sync_rejections: 1, events: 1 });
    expect(removed.must_links).toBeGreaterThanOrEqual(1);
    expect(removed.segment_changes).toBeGreaterThan(0);
    expect(removed.webhook_events).toBeGreaterThan(0);
    expect(JSON.stringify(receipt)).not.toMatch(new RegExp(MARKERS.join('|'), 'i'));
    const [kept] = await hub.testDb.database.query<{ count: number }>('select count(*)::int as count from erasure_receipts where id = $1', [receipt.id]);
    expect(kept.count).toBe(1);

    // Nothing quotes the person anywhere any more.
    expect(await rowsQuotingMarkers(hub)).toEqual({});
    const [changesAfter] = await hub.testDb.database.query<{ count: number }>('select count(*)::int as count from segment_changes where profile_id = any($1::text[])', [[survivor, first]]);
    expect(changesAfter.count).toBe(0);
    expect((await hub.graphql('query($id: ID!) { profile(id: $id) { id } }', { id: await profileOfRecord(hub, 'shop', 'keep') })).body.data.profile).not.toBeNull();

    // A replay of everything the subscription was ever sent sends nothing personal again.
    await receiver.waitFor(() => receiver.accepted.some((hook) => hook.body.type === 'profile.deleted'));
    await hub.services.webhooks.dispatcher.idle();
    const sentBefore = receiver.accepted.length;
    const replayed = await hub.graphql('mutation($id: ID!, $from: DateTimeISO!, $to: DateTimeISO!) { replayWebhookDeliveries(subscriptionId: $id, from: $from, to: $to) }', {
      id: subscription.id,
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    });
    const count = replayed.body.data.replayWebhookDeliveries as number;
    if (count > 0) await receiver.waitFor(() => receiver.accepted.length >= sentBefore + count);
    await hub.services.webhooks.dispatcher.idle();
    const resent = receiver.accepted.slice(sentBefore);
    expect(resent.length).toBeGreaterThan(0);
    for (const hook of resent) expect(JSON.stringify(hook.body)).not.toMatch(new RegExp(MARKERS.join('|'), 'i'));

    // The person comes back by any of their identifiers: not stored, counted as suppressed.
    const again = await hub.graphql(INGEST, { s: 'web', r: [{ external_id: 'w1', email: EMAIL.toUpperCase() }, { external_id: 'w2', email: 'someone.else@example.com' }] });
    expect(again.body.data.ingestRecords).toMatchObject({ created: 1, suppressed: 1, rejected: 0 });
    const resynced = await hub.graphql(INGEST, { s: 'shop', r: [{ external_id: 'e1', email: 'a.new.address@example.com' }] });
    expect(resynced.body.data.ingestRecords).toMatchObject({ created: 0, suppressed: 1 });
    expect(await rowsQuotingMarkers(hub)).toEqual({});

    // Listed without identifiers; lifted by an admin only; then the person is stored again.
    const listed = (await hub.graphql('{ suppressions { id identifierCount reason erasureReceiptId liftedAt } }', {}, eraseKey)).body.data.suppressions;
    expect(listed).toEqual([{ id: receipt.suppressionId, identifierCount: expect.any(Number), reason: 'erasure request', erasureReceiptId: receipt.id, liftedAt: null }]);
    expect(listed[0].identifierCount).toBeGreaterThanOrEqual(5);
    const LIFT = 'mutation($id: ID!) { liftSuppression(id: $id) { id liftedAt } }';
    expect((await hub.graphql(LIFT, { id: receipt.suppressionId }, eraseKey)).body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await hub.graphql(LIFT, { id: receipt.suppressionId })).body.data.liftSuppression.liftedAt).not.toBeNull();
    const back = await hub.graphql(INGEST, { s: 'web', r: [{ external_id: 'w1', email: EMAIL }] });
    expect(back.body.data.ingestRecords).toMatchObject({ created: 1, suppressed: 0 });
    expect((await hub.graphql('{ suppressions { id } }')).body.data.suppressions).toEqual([]);

    // The audit log names the erasure and the lift by ids alone.
    const audit = await hub.testDb.database.query<{ action: string; actor: string; target_ids: string[] }>("select action, actor, target_ids from audit_log where action in ('profile.erase', 'suppression.lift') order by at, id");
    expect(audit).toEqual([
      { action: 'profile.erase', actor: 'erasure officer', target_ids: [survivor, receipt.id, receipt.suppressionId] },
      { action: 'suppression.lift', actor: 'test admin', target_ids: [receipt.suppressionId] },
    ]);
  });

  it('lets no batch that races the erasure store the person: one in flight is erased with them, one starting meanwhile is suppressed', async () => {
    const email = 'racing.person@example.com';
    await hub.graphql(INGEST, { s: 'shop', r: [{ external_id: 'r1', email }] });
    const profileId = await profileOfRecord(hub, 'shop', 'r1');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inFlightHeld!: () => void;
    const held = new Promise<void>((resolve) => (inFlightHeld = resolve));
    // A sync page in flight, updating the person: it checked the suppression list (nothing yet) and has not committed.
    const inFlight = hub.services.database.transaction(async (tx) => {
      const result = await hub.services.ingestion.ingestInTransaction(tx, 'shop', [{ external_id: 'r1', email, first_name: 'Racer' }]);
      inFlightHeld();
      await gate;
      return result;
    });
    await held;
    const erasure = hub.services.profileErasure.deleteProfile(profileId);
    // pg_locks is the whole server's: only this database's advisory lock counts (other test files run beside this one).
    const waitingForLock = async () =>
      (await hub.testDb.database.query("select 1 from pg_locks where not granted and locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())")).length > 0;
    while (!(await waitingForLock())) await new Promise((resolve) => setTimeout(resolve, 20));
    // A push that starts while the erasure waits: it must not check the list before the erasure commits.
    const later = hub.services.ingestion.ingest('web', [{ external_id: 'r3', email }]);
    release();
    expect(await inFlight).toMatchObject({ updated: 1, suppressed: 0 });
    const receipt = await erasure;
    expect(receipt.removed.source_records).toBe(1);
    expect(await later).toMatchObject({ created: 0, suppressed: 1 });
    expect(await hub.testDb.database.query('select 1 from identities where value = $1', [email])).toEqual([]);
    expect(await hub.testDb.database.query("select 1 from traits where value_text = 'Racer'")).toEqual([]);
  });

  it('exports everything about a person to a profiles:read key, and refuses keys without it', async () => {
    await hub.graphql(INGEST, { s: 'shop', r: [{ external_id: 'x1', email: 'export.me@example.com', first_name: 'Ottilie', traits: { tier: 'vip' }, events: [{ type: 'order', occurred_at: '2026-11-02T00:00:00Z', amount: 12 }] }] });
    await hub.graphql(INGEST, { s: 'pos', r: [{ external_id: 'x2', email: 'export.me.pos@example.com' }] });
    const survivor = (await hub.graphql(MERGE, { a: await profileOfRecord(hub, 'shop', 'x1'), b: await profileOfRecord(hub, 'pos', 'x2') })).body.data.mergeProfiles.profileIds[0];
    const EXPORT = 'query($id: ID!) { exportProfile(id: $id) }';
    expect((await hub.graphql(EXPORT, { id: survivor }, hub.keys.write)).body.errors[0].extensions.code).toBe('FORBIDDEN');
    const exported = (await hub.graphql(EXPORT, { id: survivor }, hub.keys.read)).body.data.exportProfile;
    expect(exported.profile.id).toBe(survivor);
    expect(exported.mergedProfileIds).toHaveLength(1);
    expect(exported.identities.map((identity: { value: string }) => identity.value)).toEqual(expect.arrayContaining(['export.me@example.com', 'export.me.pos@example.com']));
    expect(exported.traits.find((trait: { key: string }) => trait.key === 'first_name')).toMatchObject({ value: 'Ottilie', source: 'shop', candidates: expect.any(Array) });
    expect(exported.sourceRecords.map((record: { source: string }) => record.source).sort()).toEqual(['pos', 'shop']);
    expect(exported.events).toEqual([expect.objectContaining({ type: 'order', amount: 12 })]);
    expect(exported.mergeHistory).toHaveLength(1);
    expect(exported.segmentMemberships).toEqual([expect.objectContaining({ segmentName: 'vips' })]);
    expect(Array.isArray(exported.computedTraits)).toBe(true);
    expect(Array.isArray(exported.webhookEvents)).toBe(true);
    expect(Array.isArray(exported.consents)).toBe(true);
    // A merged-away id names its survivor.
    expect((await hub.graphql(EXPORT, { id: exported.mergedProfileIds[0] }, hub.keys.read)).body.data.exportProfile.profile.id).toBe(survivor);
    expect((await hub.graphql(EXPORT, { id: 'prof_nope' }, hub.keys.read)).body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
