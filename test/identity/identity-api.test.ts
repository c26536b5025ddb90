import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExplainMatchDocument, MatchReviewsDocument, MergeProfilesDocument, PreviewIdentityRulesDocument, ProfileMergeHistoryDocument, SplitProfileDocument } from '../../src/graphql/client/graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { typedClient } from '../support/typed-client';

let hub: TestHub;
// Merge and split answers carry the merge evidence (values of both people): personal data, which needs profiles:read too.
let readingWriter: string;
const ids: Record<string, string> = {};

const ingest = (source: string, records: Record<string, unknown>[]) => hub.services.ingestion.ingest(source, records);
const query = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => hub.testDb.database.query<T>(text, params);
const profileOf = async (record: string) => (await query<{ profile_id: string }>('select profile_id from source_records where id = $1', [ids[record]]))[0].profile_id;
const counts = async () =>
  (await query(`select (select count(*)::int from profiles where merged_into_id is null) as profiles, (select count(*)::int from merge_decisions) as decisions,
                       (select count(*)::int from match_reviews) as reviews, (select count(*)::int from cannot_links) as cannot_links`))[0];

beforeAll(async () => {
  hub = await startTestHub('identity_api');
  readingWriter = (await hub.services.apiKeys.create('reading writer', ['profiles:write', 'profiles:read'])).key;
  await ingest('shop', [
    { external_id: 's1', first_name: 'Lily', last_name: 'Huang', email: 'lily.h@mail.cn', phone: '136 0000 1111', city: '上海' },
    { external_id: 's2', first_name: 'Jun', last_name: 'Wang', phone: '137 2222 3333' },
    { external_id: 's3', first_name: 'Bo', last_name: 'Zhao', email: 'bo.zhao@mail.cn' },
    { external_id: 's4', first_name: 'Min', last_name: 'Xu', phone: '138 5555 6666' },
    { external_id: 's5', first_name: 'Tao', last_name: 'Song', phone: '139 7777 8888' },
    { external_id: 's6', first_name: 'Yan', last_name: 'Qian', phone: '135 1212 3434' },
    { external_id: 's7', first_name: 'Hong', last_name: 'Zhu', date_of_birth: '1990-01-02', city: '南京' },
    { external_id: 's8', first_name: 'Mei', last_name: 'Lin', date_of_birth: '1985-03-04', city: '杭州' },
    { external_id: 's9', first_name: 'Rui', last_name: 'Chen', date_of_birth: '1988-08-08', city: '苏州' },
    { external_id: 's10', first_name: 'Jia', last_name: 'Zhou', date_of_birth: '1979-05-06', city: '成都' },
    { external_id: 's11', first_name: 'Ling', last_name: 'Wu', city: '广州' },
    // A shop's front-desk number, given by three people: generic.
    { external_id: 's12', first_name: 'Gang', last_name: 'Liu', date_of_birth: '1966-02-03', phone: '020 8888 6666' },
    { external_id: 's13', first_name: 'Xia', last_name: 'Sun', date_of_birth: '1991-07-08', phone: '02088886666' },
    { external_id: 's14', first_name: 'Hui', last_name: 'Ma', date_of_birth: '1983-10-11', phone: '+86 20 8888 6666' },
  ]);
  await ingest('crm', [
    { external_id: 'c1', first_name: 'Lily', last_name: 'Huang', email: 'LILY.H@mail.cn', city: 'Shanghai', company: 'ACME' },
    { external_id: 'c3', first_name: 'Bob', last_name: 'Chao', email: 'bchao@work.cn' },
    { external_id: 'c7', first_name: 'Hong', last_name: 'Zhu', date_of_birth: '1991-01-02', city: '上海' },
    { external_id: 'c8', first_name: 'Mei', last_name: 'Lin', date_of_birth: '1986-03-04', city: '苏州' },
    { external_id: 'c9', first_name: 'Rui', last_name: 'Chen', date_of_birth: '1988-08-08', city: 'Suzhou' },
    { external_id: 'c10', first_name: 'Jia', last_name: 'Zhou', date_of_birth: '1970-05-06', city: '重庆' },
    { external_id: 'c11', first_name: 'Ling', last_name: 'Wu', city: '广州' },
  ]);
  await ingest('pos', [
    { external_id: 'm1', first_name: 'Lili', last_name: 'Huang', phone: '+86 136 0000 1111', traits: { points: 10 } },
    { external_id: 'm2', first_name: 'Fang', last_name: 'Wang', phone: '13722223333' },
    { external_id: 'm4', phone: '13855556666' },
    { external_id: 'm5', first_name: 'Tao', last_name: 'Song', phone: '13977778888' },
    { external_id: 'm6', first_name: 'Li', last_name: 'Qian', phone: '13512123434' },
  ]);
  for (const row of await query<{ id: string; external_id: string }>('select id, external_id from source_records')) ids[row.external_id] = row.id;
});
afterAll(async () => hub?.stop());

describe('explainMatch', () => {
  it('shows per-field evidence, the total weight, the probability and the decision of two stored records', async () => {
    const explanation = (await typedClient(hub.url, hub.keys.read)(ExplainMatchDocument, { sourceRecordA: ids.s1, sourceRecordB: ids.m1 })).explainMatch;
    // The shared phone: its weight, and its frequency adjustment (one person holds it: none).
    expect(explanation.fields.find((field) => field.field === 'phone')).toMatchObject({ left: '+8613600001111', right: '+8613600001111', level: 'exact', sharedBy: { people: 1, adjustment: 0 } });
    expect(explanation.sharedIdentifiers).toContainEqual({ type: 'phone', value: '+8613600001111', people: 1 });
    expect(explanation.fields.find((field) => field.field === 'email')).toMatchObject({ level: 'missing', weight: 0 });
    expect(explanation.weight).toBeCloseTo(explanation.fields.reduce((sum, field) => sum + field.weight, 0));
    expect(explanation).toMatchObject({ decision: 'link', profileA: explanation.profileB, constraint: null });
    expect(explanation.probability).toBeGreaterThan(0.95);
  });

  it('shows what a phone held by three people costs its weight, and that it links nothing on its own', async () => {
    const [gang, xia] = [ids.s12, ids.s13];
    const { explainMatch } = await typedClient(hub.url, hub.keys.read)(ExplainMatchDocument, { sourceRecordA: gang, sourceRecordB: xia });
    const phone = explainMatch.fields.find((field) => field.field === 'phone')!;
    const alone = (await typedClient(hub.url, hub.keys.read)(ExplainMatchDocument, { sourceRecordA: ids.s1, sourceRecordB: ids.m1 })).explainMatch.fields.find((field) => field.field === 'phone')!;
    // Generic: the adjustment takes the whole of what an exact phone weighs.
    expect(phone).toMatchObject({ level: 'exact', weight: 0, sharedBy: { people: 3, adjustment: -alone.weight } });
    expect(explainMatch.sharedIdentifiers).toEqual([{ type: 'phone', value: '+862088886666', people: 3 }]);
    expect(explainMatch.decision).toBe('apart');
    expect(await profileOf('s12')).not.toBe(await profileOf('s13'));
    expect(await profileOf('s13')).not.toBe(await profileOf('s14'));
  });

  it('says apart for a household sharing a phone, naming the conflict, and names unknown or repeated records', async () => {
    const { body } = await hub.graphql('query($a: ID!, $b: ID!) { explainMatch(sourceRecordA: $a, sourceRecordB: $b) { decision probability conflict { field left right } } }', { a: ids.s2, b: ids.m2 });
    expect(body.data.explainMatch).toMatchObject({ decision: 'apart', conflict: { field: 'given_name', left: 'jun', right: 'fang' } });
    const unknown = await hub.graphql('{ explainMatch(sourceRecordA: "srec_nope", sourceRecordB: "srec_nada") { decision } }');
    expect(unknown.body.errors[0]).toMatchObject({ message: expect.stringMatching(/No source record srec_nope/), extensions: { code: 'NOT_FOUND' } });
    const same = await hub.graphql('query($a: ID!) { explainMatch(sourceRecordA: $a, sourceRecordB: $a) { decision } }', { a: ids.s1 });
    expect(same.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('the review queue', () => {
  it('lists the pairs scored between the thresholds with their evidence', async () => {
    const { matchReviews } = await typedClient(hub.url, hub.keys.read)(MatchReviewsDocument, { status: 'open', first: 10 });
    const pairs = matchReviews.edges.map(({ node }) => [node.sourceRecordA, node.sourceRecordB].sort().join());
    // Namesakes whose birth dates are a typo apart, in two cities: real doubt. A household sharing a phone is no
    // doubt (their given names conflict), a record sharing a phone with nothing against it is linked, not queued,
    // and namesakes agreeing on nothing but their names give a reviewer nothing to decide on (none is queued).
    expect(pairs).toEqual(expect.arrayContaining([[ids.s7, ids.c7].sort().join(), [ids.s8, ids.c8].sort().join(), [ids.s10, ids.c10].sort().join()]));
    expect(pairs).not.toContainEqual([ids.s2, ids.m2].sort().join());
    expect(pairs).not.toContainEqual([ids.s11, ids.c11].sort().join());
    expect(await profileOf('s11')).not.toBe(await profileOf('c11'));
    expect(matchReviews.totalCount).toBe(matchReviews.edges.length);
    const namesakes = matchReviews.edges.find(({ node }) => [node.sourceRecordA, node.sourceRecordB].sort().join() === [ids.s7, ids.c7].sort().join())!.node;
    expect(namesakes.fields.find((field) => field.field === 'date_of_birth')?.level).toBe('typo');
    expect(await profileOf('m4')).toBe(await profileOf('s4'));
  });

  it('shows every compared field of a review, though it stores only the fields either record has', async () => {
    const { matchReviews } = await typedClient(hub.url, hub.keys.read)(MatchReviewsDocument, { status: 'open', first: 10 });
    const namesakes = matchReviews.edges.find(({ node }) => [node.sourceRecordA, node.sourceRecordB].sort().join() === [ids.s7, ids.c7].sort().join())!.node;
    const explained = (await typedClient(hub.url, hub.keys.read)(ExplainMatchDocument, { sourceRecordA: namesakes.sourceRecordA, sourceRecordB: namesakes.sourceRecordB })).explainMatch;
    const shown = (fields: { field: string; left?: string | null; right?: string | null; level: string; weight: number }[]) =>
      fields.map(({ field, left, right, level, weight }) => ({ field, left: left ?? null, right: right ?? null, level, weight }));
    // The records have not changed since the review was queued: its evidence is what explaining them shows now.
    expect(shown(namesakes.fields)).toEqual(shown(explained.fields));
    expect(namesakes.fields.find((field) => field.field === 'email')).toMatchObject({ level: 'missing', weight: 0 });
    const [stored] = await query<{ fields: string[] }>(
      "select array(select f->>'field' from jsonb_array_elements(evidence->'fields') f) as fields from match_reviews where left_record_id = any($1) and right_record_id = any($1)",
      [[ids.s7, ids.c7]],
    );
    expect(stored.fields).toEqual(['given_name', 'family_name', 'date_of_birth', 'city']);
  });

  it('rejecting records a cannot-link, so a changed record is neither merged nor queued again', async () => {
    const [review] = await query<{ id: string }>('select id from match_reviews where left_record_id = any($1) and right_record_id = any($1)', [[ids.s8, ids.c8]]);
    const { body } = await hub.graphql('mutation($id: ID!) { resolveMatchReview(id: $id, accept: false) { review { status decidedBy } decision { id } } }', { id: review.id }, hub.keys.write);
    expect(body.data.resolveMatchReview).toEqual({ review: { status: 'rejected', decidedBy: 'test writer' }, decision: null });
    await ingest('crm', [{ external_id: 'c8', first_name: 'Mei', last_name: 'Lin', date_of_birth: '1986-03-04', city: '苏州', traits: { visits: 2 } }]);
    expect(await profileOf('c8')).not.toBe(await profileOf('s8'));
    expect(await query("select id from match_reviews where status = 'open' and left_record_id = any($1) and right_record_id = any($1)", [[ids.s8, ids.c8]])).toEqual([]);
    const again = await hub.graphql('mutation($id: ID!) { resolveMatchReview(id: $id, accept: true) { review { status } } }', { id: review.id }, hub.keys.write);
    expect(again.body.errors[0]).toMatchObject({ message: expect.stringMatching(/already rejected by test writer/), extensions: { code: 'CONFLICT' } });
  });

  it('accepting merges the two profiles with the review’s evidence', async () => {
    const [review] = await query<{ id: string }>('select id from match_reviews where left_record_id = any($1) and right_record_id = any($1)', [[ids.s10, ids.c10]]);
    const { body } = await hub.graphql(
      'mutation($id: ID!) { resolveMatchReview(id: $id, accept: true) { review { status mergeDecisionId } decision { id rule probability actor survivingProfileId } } }',
      { id: review.id },
      hub.keys.write,
    );
    const { review: decided, decision } = body.data.resolveMatchReview;
    expect(decided).toEqual({ status: 'accepted', mergeDecisionId: decision.id });
    expect(decision).toMatchObject({ rule: 'review', actor: 'test writer', survivingProfileId: await profileOf('s10') });
    expect(await profileOf('c10')).toBe(await profileOf('s10'));
    const unknown = await hub.graphql('mutation { resolveMatchReview(id: "rev_nope", accept: true) { review { id } } }', undefined, hub.keys.write);
    expect(unknown.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('mergeProfiles', () => {
  it('merges two profiles as the API key, recomputes traits, and shows the decision in mergeHistory', async () => {
    const [bo, bob] = [await profileOf('s3'), await profileOf('c3')];
    const { mergeProfiles } = await typedClient(hub.url, readingWriter)(MergeProfilesDocument, { a: bob, b: bo });
    expect(mergeProfiles.decision).toMatchObject({ kind: 'merge', rule: 'manual', actor: 'reading writer', survivingProfileId: [bo, bob].sort()[0] });
    expect(mergeProfiles.profileIds).toEqual([[bo, bob].sort()[0]]);
    const { profile } = await typedClient(hub.url, hub.keys.read)(ProfileMergeHistoryDocument, { id: bob });
    expect(profile?.mergeHistory[0]).toMatchObject({ rule: 'manual', evidence: { links: [expect.objectContaining({ rule: 'must-link', fields: expect.any(Array) })] } });
    const traits = await query<{ key: string; value: string; candidates: any[] }>("select key, value, candidates from traits where profile_id = $1 and key = 'first_name'", [profile!.id]);
    expect(traits[0].candidates.map((candidate) => candidate.value)).toHaveLength(1);
    expect(await query('select count(*)::int as n from must_links where decision_id = $1', [mergeProfiles.decision.id])).toEqual([{ n: 1 }]);
  });

  it('refuses profiles that are one already, unknown ids, and keys without profiles:write', async () => {
    const lily = await profileOf('s1');
    const same = await hub.graphql('mutation($a: ID!) { mergeProfiles(a: $a, b: $a) { profileIds } }', { a: lily }, hub.keys.write);
    expect(same.body.errors[0]).toMatchObject({ message: expect.stringMatching(/already one profile/), extensions: { code: 'BAD_USER_INPUT' } });
    const unknown = await hub.graphql('mutation($a: ID!) { mergeProfiles(a: $a, b: "prof_nope") { profileIds } }', { a: lily }, hub.keys.write);
    expect(unknown.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const forbidden = await hub.graphql('mutation($a: ID!) { mergeProfiles(a: $a, b: "prof_nope") { profileIds } }', { a: lily }, hub.keys.read);
    expect(forbidden.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('splitProfile', () => {
  it('moves records to a new profile, recomputes both, and re-ingesting them does not merge them back', async () => {
    const lily = await profileOf('s1');
    expect([await profileOf('c1'), await profileOf('m1')]).toEqual([lily, lily]);
    const { splitProfile } = await typedClient(hub.url, readingWriter)(SplitProfileDocument, { profileId: lily, sourceRecordIds: [ids.m1] });
    const [kept, created] = splitProfile.profileIds;
    expect(kept).toBe(lily);
    expect(splitProfile.decision).toMatchObject({ kind: 'split', rule: 'split', survivingProfileId: lily, mergedProfileId: created, mergedSourceRecordIds: [ids.m1], actor: 'reading writer' });
    expect(await profileOf('m1')).toBe(created);
    expect(await query('select key from traits where profile_id = $1 and key = $2', [lily, 'points'])).toEqual([]);
    expect(await query('select value from traits where profile_id = $1 and key = $2', [created, 'points'])).toEqual([{ value: 10 }]);

    // The POS record changes, and a new record that matches both sides arrives: the split holds.
    await ingest('pos', [{ external_id: 'm1', first_name: 'Lili', last_name: 'Huang', phone: '+86 136 0000 1111', traits: { points: 25 } }]);
    await ingest('wechat', [{ external_id: 'w1', first_name: 'Lily', last_name: 'Huang', email: 'lily.h@mail.cn', phone: '13600001111' }]);
    expect(await profileOf('m1')).toBe(created);
    expect(await profileOf('s1')).toBe(lily);
    expect(await profileOf('m1')).not.toBe(await profileOf('s1'));
    const history = await hub.graphql('query($id: ID!) { profile(id: $id) { mergeHistory { kind rule } } }', { id: lily });
    expect(history.body.data.profile.mergeHistory[0]).toEqual({ kind: 'split', rule: 'split' });
  });

  it('refuses unknown records, records of another profile, and taking every record', async () => {
    const song = await profileOf('s5');
    const split = (profileId: string, records: string[]) =>
      hub.graphql('mutation($p: ID!, $r: [ID!]!) { splitProfile(profileId: $p, sourceRecordIds: $r) { profileIds } }', { p: profileId, r: records }, hub.keys.write);
    expect((await split(song, ['srec_nope'])).body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await split('prof_nope', [ids.s5])).body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await split(song, [ids.s1])).body.errors[0]).toMatchObject({ message: expect.stringMatching(/do not belong to profile/), extensions: { code: 'BAD_USER_INPUT' } });
    expect((await split(song, [ids.s5, ids.m5])).body.errors[0]).toMatchObject({ message: expect.stringMatching(/every record/), extensions: { code: 'BAD_USER_INPUT' } });
    expect((await split(song, [])).body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('previewIdentityRules', () => {
  it('counts the profiles that would merge under a lower link threshold, with examples, and changes nothing', async () => {
    const before = await counts();
    const { previewIdentityRules } = await typedClient(hub.url, hub.keys.read)(PreviewIdentityRulesDocument, { config: { thresholds: { link: 0.5, review: 0.3 } } });
    expect(previewIdentityRules.merges).toBeGreaterThanOrEqual(1);
    // Two Hong Zhus of Nanjing, nothing else known: queued for review today, linked under the lower threshold (two
    // Rui Chens born the same day are linked already). Yan and Li Qian, who share a phone, stay apart under any
    // threshold: two given names that conflict are two people.
    expect(await profileOf('s9')).toBe(await profileOf('c9'));
    const zhu = [await profileOf('s7'), await profileOf('c7')].sort();
    const qian = [await profileOf('s6'), await profileOf('m6')].sort();
    const examples = previewIdentityRules.mergeExamples.map((example) => example.profileIds);
    expect(examples).toContainEqual(zhu);
    expect(examples).not.toContainEqual(qian);
    expect(await counts()).toEqual(before);
  });

  it('counts the profiles that would split under a stricter one', async () => {
    // Linked by their score alone (no identifier in common), which a stricter threshold no longer reaches.
    const chen = await profileOf('s9');
    const { body } = await hub.graphql('query($c: JSON!) { previewIdentityRules(config: $c) { splits splitExamples { profileId parts } } }', { c: { thresholds: { link: 0.999999, review: 0.5 } } });
    expect(body.data.previewIdentityRules.splitExamples.map((example: any) => example.profileId)).toContain(chen);
  });

  it('takes the rules as an inline literal too', async () => {
    const { body } = await hub.graphql('{ previewIdentityRules(config: { thresholds: { link: 0.5, review: 0.3 } }) { merges } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.previewIdentityRules.merges).toBeGreaterThanOrEqual(1);
  });

  it('rejects bad rules with a message naming the setting', async () => {
    const preview = (config: unknown) => hub.graphql('query($c: JSON!) { previewIdentityRules(config: $c) { merges } }', { c: config });
    const { body } = await preview({ thresholds: { link: 0.5, review: 0.9 } });
    expect(body.errors[0]).toMatchObject({ message: 'Invalid identity rules: thresholds.review: review must not be above link', extensions: { code: 'BAD_USER_INPUT' } });
    const unknown = await preview({ identityRules: { fax: { linkOn: 'equal' } } });
    expect(unknown.body.errors[0].message).toMatch(/identityRules: .*fax.*identifier types are external_id/);
  });
});
