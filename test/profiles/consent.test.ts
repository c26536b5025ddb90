import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsvFile } from '../../src/modules/ingestion';
import { profileOfRecord, startTestHub, type TestHub } from '../support/hub';

/**
 * Issue 20, item 4: a consent model for PIPL/GDPR. Consent per channel and purpose, with its source and
 * time, fed by ingestRecords and CSV fields, where the latest statement by the source's own time holds
 * whichever source made it; shown on the profile, usable in segments, sent in webhooks, moved by merges
 * and splits, and gone with the profile.
 */

const INGEST = 'mutation($s: String!, $r: [JSON!]!) { ingestRecords(source: $s, records: $r) { created updated rejected rejections { index reason } profileIds } }';
const CONSENTS = `query($id: ID!) { profile(id: $id) { id
  consents { channel purpose status source sourceRecordId updatedAt learnedAt current }
  lineage: consents(lineage: true) { channel purpose status source updatedAt current } } }`;
const PREVIEW = 'query($d: SegmentConditionInput!) { previewSegment(definition: $d) { count sample(first: 50) { id } } }';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub('consents', { HUB_WEBHOOK_ALLOW_PRIVATE: 'true' });
});
afterAll(() => hub.stop());

async function ingest(source: string, records: Record<string, unknown>[]) {
  const { body } = await hub.graphql(INGEST, { s: source, r: records });
  expect(body.errors).toBeUndefined();
  return body.data.ingestRecords;
}

async function consentsOf(profileId: string) {
  const { body } = await hub.graphql(CONSENTS, { id: profileId });
  expect(body.errors).toBeUndefined();
  return body.data.profile as { id: string; consents: Record<string, unknown>[]; lineage: Record<string, unknown>[] };
}

describe('consent fields in ingestRecords and CSV', () => {
  it('stores consent_<channel>_<purpose> with its source time and shows it on the profile', async () => {
    await ingest('crm', [{ external_id: 'c1', email: 'ann@consent.example.com', consent_email_marketing: 'granted', consent_email_marketing_at: '2026-03-01T10:00:00Z', consent_sms_newsletter: 'DENIED' }]);
    const profile = await consentsOf(await profileOfRecord(hub, 'crm', 'c1'));

    expect(profile.consents).toEqual([
      expect.objectContaining({ channel: 'EMAIL', purpose: 'marketing', status: 'GRANTED', source: 'crm', updatedAt: '2026-03-01T10:00:00.000Z', current: true }),
      expect.objectContaining({ channel: 'SMS', purpose: 'newsletter', status: 'DENIED', source: 'crm', current: true }),
    ]);
    // The hub's own time of learning it, apart from the source's.
    expect(Date.parse(profile.consents[0]!.learnedAt as string)).toBeGreaterThan(Date.parse('2026-03-01T10:00:00Z'));
  });

  it('refuses a record with a consent value it cannot read, naming the field, and stores the rest of the batch', async () => {
    const result = await ingest('crm', [
      { external_id: 'bad1', email: 'bad1@consent.example.com', consent_email_marketing: 'yes please' },
      { external_id: 'bad2', email: 'bad2@consent.example.com', consent_fax_marketing: 'granted' },
      { external_id: 'bad3', email: 'bad3@consent.example.com', consent_email_marketing_at: '2026-01-01T00:00:00Z' },
      // A source time far ahead would win "latest" over every real change to come.
      { external_id: 'bad4', email: 'bad4@consent.example.com', consent_email_marketing: 'granted', consent_email_marketing_at: '2999-01-01T00:00:00Z' },
      { external_id: 'good', email: 'good@consent.example.com', consent_wechat_service: 'withdrawn' },
    ]);
    expect(result.created).toBe(1);
    expect(result.rejections).toEqual([
      { index: 0, reason: 'consent_email_marketing: must be one of granted, denied, withdrawn, unknown' },
      { index: 1, reason: expect.stringMatching(/^unknown consent field 'consent_fax_marketing'; use consent_<email\|sms\|phone\|wechat>_<purpose>/) },
      { index: 2, reason: 'consent_email_marketing_at: given without consent_email_marketing' },
      { index: 3, reason: 'consent_email_marketing_at: must lie between 1970 and now' },
    ]);
  });

  it('reads consent columns of a CSV file (hub import) as the same fields', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'consent-csv-'));
    const file = path.join(folder, 'members.csv');
    writeFileSync(file, 'external_id,email,consent_email_marketing,consent_email_marketing_at,consent_phone_marketing\nm1,csv1@consent.example.com,withdrawn,2026-02-02T08:00:00Z,granted\n');
    const summary = await importCsvFile(hub.services.ingestion, file, { source: 'pos' });
    expect(summary).toMatchObject({ created: 1, rejected: 0 });

    const profile = await consentsOf(await profileOfRecord(hub, 'pos', 'm1'));
    expect(profile.consents.map(({ channel, purpose, status, updatedAt }) => ({ channel, purpose, status, updatedAt }))).toEqual([
      { channel: 'EMAIL', purpose: 'marketing', status: 'WITHDRAWN', updatedAt: '2026-02-02T08:00:00.000Z' },
      { channel: 'PHONE', purpose: 'marketing', status: expect.stringMatching(/^GRANTED$/), updatedAt: expect.any(String) },
    ]);
  });
});

describe('which statement holds', () => {
  it('takes the latest by source time across sources, whatever order they arrive in, and keeps every source as lineage', async () => {
    await ingest('shop', [{ external_id: 's1', email: 'bo@consent.example.com', consent_email_marketing: 'granted', consent_email_marketing_at: '2026-05-01T00:00:00Z' }]);
    await ingest('crm', [{ external_id: 'r1', email: 'bo@consent.example.com', consent_email_marketing: 'withdrawn', consent_email_marketing_at: '2026-06-01T00:00:00Z' }]);
    // Arrives last, but was said first: an old export must not re-grant what the person withdrew.
    await ingest('legacy', [{ external_id: 'l1', email: 'bo@consent.example.com', consent_email_marketing: 'granted', consent_email_marketing_at: '2025-01-01T00:00:00Z' }]);
    const profileId = await profileOfRecord(hub, 'shop', 's1');
    expect(await profileOfRecord(hub, 'legacy', 'l1')).toBe(profileId);

    let profile = await consentsOf(profileId);
    expect(profile.consents).toEqual([expect.objectContaining({ channel: 'EMAIL', purpose: 'marketing', status: 'WITHDRAWN', source: 'crm' })]);
    expect(profile.lineage.map(({ source, status, current }) => [source, status, current])).toEqual([
      ['crm', 'WITHDRAWN', true],
      ['shop', 'GRANTED', false],
      ['legacy', 'GRANTED', false],
    ]);

    // The person subscribes again in the shop, later: that holds now.
    await ingest('shop', [{ external_id: 's1', email: 'bo@consent.example.com', consent_email_marketing: 'granted', consent_email_marketing_at: '2026-07-01T00:00:00Z' }]);
    profile = await consentsOf(profileId);
    expect(profile.consents).toEqual([expect.objectContaining({ status: 'GRANTED', source: 'shop', updatedAt: '2026-07-01T00:00:00.000Z' })]);
  });

  it('on equal source times, holds the more careful statement', async () => {
    const at = '2026-04-04T04:04:04Z';
    await ingest('shop', [{ external_id: 't1', email: 'tie@consent.example.com', consent_sms_marketing: 'granted', consent_sms_marketing_at: at }]);
    await ingest('crm', [{ external_id: 't1', email: 'tie@consent.example.com', consent_sms_marketing: 'withdrawn', consent_sms_marketing_at: at }]);
    const profile = await consentsOf(await profileOfRecord(hub, 'shop', 't1'));
    expect(profile.consents).toEqual([expect.objectContaining({ status: 'WITHDRAWN', source: 'crm' })]);
  });
});

describe('merges and splits', () => {
  it('keeps both records’ consents on the survivor of a merge, with when the hub learned them, and gives them back on a split', async () => {
    await ingest('shop', [{ external_id: 'mx', email: 'mx@consent.example.com', consent_email_marketing: 'granted', consent_email_marketing_at: '2026-01-10T00:00:00Z' }]);
    await ingest('wechat', [{ external_id: 'my', wechat_openid: 'o-consent-my', consent_wechat_service: 'granted', consent_wechat_service_at: '2026-01-11T00:00:00Z' }]);
    const [a, b] = [await profileOfRecord(hub, 'shop', 'mx'), await profileOfRecord(hub, 'wechat', 'my')];
    expect(a).not.toBe(b);
    const learnedBefore = (await consentsOf(b)).consents[0]!.learnedAt;

    const merged = await hub.graphql('mutation($a: ID!, $b: ID!) { mergeProfiles(a: $a, b: $b) { profileIds } }', { a, b });
    expect(merged.body.errors).toBeUndefined();
    const survivor = await profileOfRecord(hub, 'shop', 'mx');
    const after = await consentsOf(survivor);
    expect(after.consents.map(({ channel, status }) => [channel, status])).toEqual([
      ['EMAIL', 'GRANTED'],
      ['WECHAT', 'GRANTED'],
    ]);
    expect(after.consents.find((consent) => consent.channel === 'WECHAT')!.learnedAt).toBe(learnedBefore);
    const [{ count: onAbsorbed }] = await hub.testDb.database.query<{ count: number }>('select count(*)::int as count from consents where profile_id = any($1::text[]) and profile_id <> $2', [[a, b], survivor]);
    expect(onAbsorbed).toBe(0);

    const wechatRecord = after.consents.find((consent) => consent.channel === 'WECHAT')!.sourceRecordId as string;
    const split = await hub.graphql('mutation($p: ID!, $r: [ID!]!) { splitProfile(profileId: $p, sourceRecordIds: $r) { profileIds } }', { p: survivor, r: [wechatRecord] });
    expect(split.body.errors).toBeUndefined();
    const parted = await profileOfRecord(hub, 'wechat', 'my');
    expect(parted).not.toBe(survivor);
    expect((await consentsOf(survivor)).consents.map(({ channel }) => channel)).toEqual(['EMAIL']);
    expect((await consentsOf(parted)).consents.map(({ channel }) => channel)).toEqual(['WECHAT']);
  });
});

describe('segments on consent', () => {
  it('finds the profiles whose holding consent has the status, with parameterized SQL and checked input', async () => {
    await ingest('seg', [
      { external_id: 'g1', email: 'g1@seg-consent.example.com', consent_email_marketing: 'granted', consent_email_marketing_at: '2026-01-01T00:00:00Z' },
      { external_id: 'g2', email: 'g2@seg-consent.example.com', consent_email_marketing: 'granted', consent_email_marketing_at: '2026-01-01T00:00:00Z' },
      { external_id: 'w1', email: 'w1@seg-consent.example.com', consent_email_marketing: 'withdrawn', consent_email_marketing_at: '2026-01-01T00:00:00Z' },
      { external_id: 'n1', email: 'n1@seg-consent.example.com' },
    ]);
    const ids = Object.fromEntries(await Promise.all(['g1', 'g2', 'w1', 'n1'].map(async (id) => [id, await profileOfRecord(hub, 'seg', id)])));
    const inSource = { source: { name: 'seg' } };
    const granted = { all: [inSource, { consent: { channel: 'EMAIL', purpose: 'marketing', status: 'GRANTED' } }] };

    let { body } = await hub.graphql(PREVIEW, { d: granted });
    expect(body.errors).toBeUndefined();
    expect(body.data.previewSegment.count).toBe(2);
    expect(body.data.previewSegment.sample.map((p: { id: string }) => p.id).sort()).toEqual([ids.g1, ids.g2].sort());

    // "Not granted" includes those who never said: no statement is no consent.
    ({ body } = await hub.graphql(PREVIEW, { d: { all: [inSource, { not: { consent: { channel: 'EMAIL', purpose: 'marketing', statuses: ['GRANTED'] } } }] } }));
    expect(body.data.previewSegment.sample.map((p: { id: string }) => p.id).sort()).toEqual([ids.w1, ids.n1].sort());

    // A saved segment follows a withdrawal.
    const created = await hub.services.segments.create({ name: 'e-mail marketing allowed', definition: granted });
    await ingest('seg', [{ external_id: 'g2', email: 'g2@seg-consent.example.com', consent_email_marketing: 'withdrawn', consent_email_marketing_at: '2026-02-01T00:00:00Z' }]);
    const members = await hub.testDb.database.query<{ profile_id: string }>('select profile_id from segment_memberships where segment_id = $1', [created.id]);
    expect(members.map((row) => row.profile_id)).toEqual([ids.g1]);

    // A hostile purpose is refused, never written into SQL.
    ({ body } = await hub.graphql(PREVIEW, { d: { consent: { channel: 'EMAIL', purpose: "x' or 1=1 --", status: 'GRANTED' } } }));
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/definition\.consent\.purpose: a purpose is lower-case letters/) });
  });
});

describe('webhooks and erasure', () => {
  it('sends consents in profile.created and a withdrawal alone as a profile.updated', async () => {
    await hub.services.webhooks.subscriptions.create({ url: 'http://127.0.0.1:9/consent-hook', events: ['profile.created', 'profile.updated'] });
    await ingest('hooks', [{ external_id: 'h1', email: 'h1@consent.example.com', consent_email_marketing: 'granted', consent_email_marketing_at: '2026-03-03T00:00:00Z' }]);
    const profileId = await profileOfRecord(hub, 'hooks', 'h1');
    await ingest('hooks', [{ external_id: 'h1', email: 'h1@consent.example.com', consent_email_marketing: 'withdrawn', consent_email_marketing_at: '2026-03-04T00:00:00Z' }]);

    const bodies = (await hub.testDb.database.query<{ body: string }>('select body from webhook_events where profile_id = $1 order by sequence', [profileId])).map((row) => JSON.parse(row.body));
    expect(bodies.map((body) => body.type)).toEqual(['profile.created', 'profile.updated']);
    expect(bodies[0].data.changes.consents).toEqual({ 'email:marketing': { before: null, after: 'granted' } });
    // Nothing but the consent changed: the receiver still hears of it.
    expect(bodies[1].data.changes).toEqual({ consents: { 'email:marketing': { before: 'granted', after: 'withdrawn' } } });
  });

  it('removes every consent row of an erased profile, including those moved in by a merge', async () => {
    await ingest('erase', [
      { external_id: 'e1', email: 'e1@consent.example.com', consent_email_marketing: 'granted' },
      { external_id: 'e2', phone: '+8613800138123', consent_sms_marketing: 'granted' },
    ]);
    const [a, b] = [await profileOfRecord(hub, 'erase', 'e1'), await profileOfRecord(hub, 'erase', 'e2')];
    await hub.graphql('mutation($a: ID!, $b: ID!) { mergeProfiles(a: $a, b: $b) { profileIds } }', { a, b });
    const survivor = await profileOfRecord(hub, 'erase', 'e1');
    const recordIds = (await hub.testDb.database.query<{ id: string }>("select id from source_records where source = 'erase'")).map((row) => row.id);
    expect((await consentsOf(survivor)).consents).toHaveLength(2);

    const { body } = await hub.graphql('mutation($id: ID!) { deleteProfile(id: $id) }', { id: survivor });
    expect(body.errors).toBeUndefined();
    const left = await hub.testDb.database.query('select * from consents where profile_id = any($1::text[]) or source_record_id = any($2::text[])', [[a, b], recordIds]);
    expect(left).toEqual([]);
  });
});
