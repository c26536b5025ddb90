import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileOfRecord, type TestHub } from '../support/hub';
import { startWebhookTestHub, type WebhookTestHub } from '../support/webhook-hub';
import type { WebhookReceiver } from '../support/webhook-receiver';

const INGEST = 'mutation($s: String!, $r: [JSON!]!) { ingestRecords(source: $s, records: $r) { profileIds } }';
const DELETE = 'mutation($id: ID!) { deleteProfile(id: $id) }';

describe('deleteProfile', () => {
  let setup: WebhookTestHub;
  let hub: TestHub;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    setup = await startWebhookTestHub('profile_erasure');
    ({ hub, receiver } = setup);
  });
  afterAll(() => setup.stop());

  it('erases the person everywhere, records the segment exits, and tells subscribers profile.deleted, also those limited to a segment it was in', async () => {
    await hub.graphql(INGEST, { s: 'shop', r: [{ external_id: 'e1', email: 'erase.me@example.com', phone: '+86 138 0013 8000', traits: { tier: 'vip' }, events: [{ type: 'order', occurred_at: '2026-11-01T00:00:00Z', amount: 30 }] }] });
    await hub.graphql(INGEST, { s: 'pos', r: [{ external_id: 'm1', email: 'erase.me@example.com', first_name: 'Erin' }] });
    await hub.graphql(INGEST, { s: 'shop', r: [{ external_id: 'keep', email: 'keep.me@example.com', traits: { tier: 'vip' } }] });
    // Two records of the person, merged by hand: erasure must take the merge history and the tombstone too.
    const merged = await hub.graphql('mutation($a: ID!, $b: ID!) { mergeProfiles(a: $a, b: $b) { profileIds } }', { a: await profileOfRecord(hub, 'shop', 'e1'), b: await profileOfRecord(hub, 'pos', 'm1') });
    const [profileId] = merged.body.data.mergeProfiles.profileIds;
    expect(await profileOfRecord(hub, 'pos', 'm1')).toBe(profileId);
    expect(await profileOfRecord(hub, 'shop', 'e1')).toBe(profileId);
    const segment = (await hub.graphql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id } }', { input: { name: 'vips', definition: { trait: { key: 'tier', op: 'EQ', value: 'vip' } } } })).body.data.createSegment.id;
    const everyone = (await hub.graphql('mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret } }', { input: { url: receiver.url, events: ['profile.deleted', 'segment.exited'] } })).body.data.createWebhookSubscription;
    const vipsOnly = (await hub.graphql('mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret } }', { input: { url: receiver.url, events: ['profile.deleted'], segmentId: segment } })).body.data.createWebhookSubscription;
    receiver.useSecrets([everyone.secret, vipsOnly.secret]);

    const deleted = await hub.graphql(DELETE, { id: profileId });
    expect(deleted.body).toEqual({ data: { deleteProfile: true } });

    const left = await hub.testDb.database.query<{ table: string; count: number }>(
      `select 'profiles' as table, count(*)::int from profiles where id = $1 or merged_into_id = $1
       union all select 'merge_decisions', count(*)::int from merge_decisions where surviving_profile_id = $1 or merged_profile_id = $1
       union all select 'source_records', count(*)::int from source_records where profile_id = $1
       union all select 'identities', count(*)::int from identities where profile_id = $1
       union all select 'traits', count(*)::int from traits where profile_id = $1
       union all select 'events', count(*)::int from events where profile_id = $1
       union all select 'computed_traits', count(*)::int from computed_traits where profile_id = $1
       union all select 'segment_memberships', count(*)::int from segment_memberships where profile_id = $1
       union all select 'record_blocking_keys', count(*)::int from record_blocking_keys b where not exists (select 1 from source_records s where s.id = b.source_record_id)`,
      [profileId],
    );
    expect(left.filter((row) => row.count > 0)).toEqual([]);
    // The exits were recorded for the pipeline's subscribers, then forgotten with the rest of the segment history.
    const changes = await hub.testDb.database.query<{ change: string }>('select change from segment_changes where profile_id = $1 order by id', [profileId]);
    expect(changes).toEqual([]);
    const other = await profileOfRecord(hub, 'shop', 'keep');
    expect((await hub.graphql('query($id: ID!) { profile(id: $id) { id } }', { id: other })).body.data.profile).toEqual({ id: other });
    expect((await hub.graphql('query($id: ID!) { profile(id: $id) { id } }', { id: profileId })).body.data.profile).toBeNull();

    await receiver.waitFor(() => receiver.accepted.length >= 3);
    await hub.services.webhooks.dispatcher.idle();
    const got = receiver.accepted.map((hook) => `${hook.body.type} ${hook.body.profileId} ${JSON.stringify(hook.body.data)}`).sort();
    expect(got).toEqual([`profile.deleted ${profileId} {}`, `profile.deleted ${profileId} {}`, `segment.exited ${profileId} ${JSON.stringify({ segmentId: segment, segmentName: 'vips' })}`].sort());
    // The stored bodies that carried the person's data are gone; only the deletion notices remain.
    const bodies = await hub.testDb.database.query<{ body: string }>('select body from webhook_events where profile_id = $1', [profileId]);
    expect(bodies.every((row) => !row.body.includes('erase.me'))).toBe(true);

    // Syncing the same record again does not make the person again: it is suppressed until an admin lifts it.
    const again = await hub.graphql('mutation($s: String!, $r: [JSON!]!) { ingestRecords(source: $s, records: $r) { created suppressed } }', { s: 'shop', r: [{ external_id: 'e1', email: 'erase.me@example.com' }] });
    expect(again.body.data.ingestRecords).toEqual({ created: 0, suppressed: 1 });
    await expect(profileOfRecord(hub, 'shop', 'e1')).rejects.toThrow('no record');
  });

  it('refuses an unknown profile, a profile merged into another, and keys without profiles:erase (profiles:write no longer erases)', async () => {
    expect((await hub.graphql(DELETE, { id: 'prof_nope' })).body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await hub.graphql(DELETE, { id: 'prof_nope' }, hub.keys.read)).body.errors[0].extensions.code).toBe('FORBIDDEN');
    const refusedWriter = await hub.graphql(DELETE, { id: 'prof_nope' }, hub.keys.write);
    expect(refusedWriter.body.errors[0]).toMatchObject({ message: expect.stringContaining('profiles:erase'), extensions: { code: 'FORBIDDEN' } });
    const a = (await hub.graphql(INGEST, { s: 'crm', r: [{ external_id: 'a', email: 'merge.a@example.com' }] })).body.data.ingestRecords.profileIds[0];
    const b = (await hub.graphql(INGEST, { s: 'crm', r: [{ external_id: 'b', email: 'merge.b@example.com' }] })).body.data.ingestRecords.profileIds[0];
    const merged = await hub.graphql('mutation($a: ID!, $b: ID!) { mergeProfiles(a: $a, b: $b) { profileIds } }', { a, b });
    const [survivor] = merged.body.data.mergeProfiles.profileIds;
    const gone = survivor === a ? b : a;
    const refused = await hub.graphql(DELETE, { id: gone });
    expect(refused.body.errors[0]).toMatchObject({ message: `Profile ${gone} was merged into ${survivor}; delete that profile to erase the person.`, extensions: { code: 'CONFLICT' } });
    expect((await hub.graphql(DELETE, { id: survivor })).body.data.deleteProfile).toBe(true);
    const [{ count }] = await hub.testDb.database.query<{ count: number }>('select count(*)::int as count from profiles where id = any($1::text[])', [[a, b]]);
    expect(count).toBe(0);
  });
});
