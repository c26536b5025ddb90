import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubServices } from '../../src/app/services';
import { RERESOLVE_ACTOR } from '../../src/modules/identity';
import type { ProfileChange, ProfileChangeStageName } from '../../src/modules/profiles';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { profileOfRecord, startTestHub, type TestHub } from '../support/hub';
import { identityRules, testServices } from '../support/services';

/**
 * Re-resolving a store made under the old rules: a household and two strangers of one nickname that the old
 * engine merged are split again, two records of one person sharing a phone that it kept apart are merged, each
 * with its reason in merge history; a value turning generic splits what it alone had joined.
 */

// The old rules, near enough: a shared phone did not link on its own, and only a near-certain score linked.
const OLD_RULES = identityRules({ identityRules: { phone: { linkOn: 'score' } }, thresholds: { link: 0.999999, review: 0.99 } });
const DAY_MS = 86_400_000;

describe('reresolveStore', () => {
  let hub: TestHub;
  let services: HubServices;
  let changes: { stage: ProfileChangeStageName; change: ProfileChange }[] = [];
  const query = <T>(text: string, params: unknown[] = []) => hub.testDb.database.query<T>(text, params);
  const profileOf = (source: string, externalId: string) => profileOfRecord(hub, source, externalId);
  const recordId = async (source: string, externalId: string) => (await query<{ id: string }>('select id from source_records where source = $1 and external_id = $2', [source, externalId]))[0].id;
  const decisionsOf = (profileId: string) => query<{ kind: string; rule: string; actor: string; evidence: Record<string, any>; reversed_at: string | null }>(
    'select kind, rule, actor, evidence, reversed_at from merge_decisions where surviving_profile_id = $1 or merged_profile_id = $1 order by decided_at, id',
    [profileId],
  );

  /** Merges the profiles of two records as the old engine did: by score, with no must-link left behind. */
  async function mergeAsTheOldEngine(a: [string, string], b: [string, string]): Promise<string> {
    const decision = await services.identity.decisions.mergeProfiles(await profileOf(...a), await profileOf(...b), 'system:probabilistic');
    await query('delete from must_links where decision_id = $1', [decision.id]);
    await query("update merge_decisions set rule = 'score', probability = 0.97 where id = $1", [decision.id]);
    return decision.survivingProfileId;
  }

  beforeAll(async () => {
    hub = await startTestHub('reresolution');
    services = testServices(hub.testDb.database, {}, { traceProfileChanges: (stage, change) => changes.push({ stage, change }) });
    const old = testServices(hub.testDb.database, OLD_RULES).ingestion;
    const home = { last_name: 'Smith', phone: '07700 900123', street: '12 Oak Road', city: 'Leeds', country: 'GB' };
    await old.ingest('shop', [
      { external_id: 'john', first_name: 'John', date_of_birth: '1970-03-04', ...home },
      { external_id: 'sunny-1', nickname: '阳光', city: '杭州' },
      { external_id: 'wei-1', first_name: 'Wei', last_name: 'Zhang', phone: '13900001111' },
    ]);
    await old.ingest('crm', [
      { external_id: 'mary', first_name: 'Mary', date_of_birth: '1972-11-09', ...home, events: [{ id: 'o1', type: 'order', occurred_at: new Date(Date.now() - DAY_MS).toISOString(), amount: 80 }] },
      { external_id: 'sunny-2', nickname: '阳光', city: '杭州' },
      { external_id: 'wei-2', first_name: 'Wei', last_name: 'Zhang', phone: '139 0000 1111' },
    ]);
    // Mary again, at the till: the old rules kept her apart; the household phone now links her to her own record.
    await old.ingest('pos', [{ external_id: 'mary', first_name: 'Mary', last_name: 'Smith', phone: '07700 900123', country: 'GB' }]);
    await mergeAsTheOldEngine(['shop', 'john'], ['crm', 'mary']);
    await mergeAsTheOldEngine(['shop', 'sunny-1'], ['crm', 'sunny-2']);
    expect(await profileOf('shop', 'wei-1')).not.toBe(await profileOf('crm', 'wei-2'));
  });
  afterAll(async () => hub?.stop());

  const snapshot = async () => ({
    records: await query('select id, profile_id from source_records order by id'),
    decisions: await query('select id, reversed_at from merge_decisions order by id'),
    traits: await query('select profile_id, key, value from traits order by profile_id, key'),
  });

  let dryRun: Awaited<ReturnType<HubServices['identity']['reresolution']['reresolveStore']>>;

  it('in a dry run, plans the splits and merges the current rules make, and changes nothing', async () => {
    const before = await snapshot();
    dryRun = await services.identity.reresolution.reresolveStore({ dryRun: true });
    expect(dryRun).toMatchObject({ dryRun: true, records: 7, profilesBefore: 5, profilesAfter: 5, split: { profiles: 2, into: 4 }, merged: 2, skipped: 0 });
    const [household, tillMary] = [await profileOf('shop', 'john'), await profileOf('pos', 'mary')];
    expect(dryRun.examples).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'split', profileId: household, reason: expect.stringMatching(/^their records conflict on (date of birth|given name)$/) }),
        expect.objectContaining({ kind: 'split', reason: 'no link of the current rules joins these records' }),
        expect.objectContaining({ kind: 'merge', survivorId: tillMary, splitFrom: household, reason: 'they share a phone, and nothing in their records conflicts' }),
        expect.objectContaining({ kind: 'merge', survivorId: await profileOf('shop', 'wei-1'), mergedId: await profileOf('crm', 'wei-2') }),
      ]),
    );
    expect(dryRun.examples).toHaveLength(4);
    expect(await snapshot()).toEqual(before);
  });

  it('splits what the old rules merged and merges what they kept apart, recording each with its reason', async () => {
    const [household, strangers, wei, weiApart, tillMary] = await Promise.all([profileOf('shop', 'john'), profileOf('shop', 'sunny-1'), profileOf('shop', 'wei-1'), profileOf('crm', 'wei-2'), profileOf('pos', 'mary')]);
    changes = [];
    const report = await services.identity.reresolution.reresolveStore();
    // The plan the dry run printed, but for the id of the profile Mary's record passes through on its way to her till record's.
    const withoutPartIds = (examples: typeof report.examples) => examples.map((example) => (example.kind === 'merge' && example.splitFrom ? { ...example, mergedId: 'new' } : example));
    expect({ ...report, examples: withoutPartIds(report.examples) }).toEqual({ ...dryRun, dryRun: false, examples: withoutPartIds(dryRun.examples) });

    // The household: John keeps the profile (the older record); Mary's record leaves it, then joins her record at the till.
    expect(await profileOf('shop', 'john')).toBe(household);
    expect(await profileOf('crm', 'mary')).toBe(tillMary);
    const history = await decisionsOf(household);
    expect(history.map((decision) => [decision.kind, decision.actor, decision.reversed_at !== null])).toEqual([
      ['merge', 'system:probabilistic', true],
      ['split', RERESOLVE_ACTOR, false],
    ]);
    const split = history[1];
    expect(split.evidence).toMatchObject({
      movedRecordIds: [await recordId('crm', 'mary')],
      reason: expect.stringMatching(/^their records conflict: (dates of birth 1972-11-09 and 1970-03-04|given names mary and john)$/),
      cannotLinks: 0,
      conflict: { field: expect.any(String) },
    });
    expect(await query('select count(*)::int as n from cannot_links')).toEqual([{ n: 0 }]);
    expect(await decisionsOf(tillMary)).toEqual([
      expect.objectContaining({ kind: 'merge', rule: 'identifier', actor: RERESOLVE_ACTOR, evidence: expect.objectContaining({ reason: 'they share phone +447700900123 (held by 2 people, told apart by their records), and nothing in their records conflicts' }) }),
    ]);

    // The strangers of one nickname: nothing of the current rules joins them.
    expect(await profileOf('crm', 'sunny-2')).not.toBe(strangers);
    expect((await decisionsOf(strangers)).at(-1)?.evidence.reason).toBe('no link of the current rules joins these records');

    // One person's two records sharing a phone: merged into the older profile, by the phone.
    expect(await profileOf('crm', 'wei-2')).toBe(wei);
    expect(await decisionsOf(wei)).toEqual([
      expect.objectContaining({ kind: 'merge', rule: 'identifier', actor: RERESOLVE_ACTOR, evidence: expect.objectContaining({ reason: 'they share phone +8613900001111, and nothing in their records conflicts', links: [expect.objectContaining({ identityType: 'phone' })] }) }),
    ]);

    // Traits and computed traits are derived again, and the change goes through segments and the outbox.
    const traits = async (profileId: string) => Object.fromEntries((await query<{ key: string; value: unknown }>('select key, value from traits where profile_id = $1', [profileId])).map((row) => [row.key, row.value]));
    expect(await traits(household)).toMatchObject({ first_name: 'John', date_of_birth: '1970-03-04' });
    expect(await traits(tillMary)).toMatchObject({ first_name: 'Mary', date_of_birth: '1972-11-09' });
    const orderCount = (profileId: string) => query("select value from computed_traits where profile_id = $1 and key = 'order_count'", [profileId]);
    expect(await orderCount(tillMary)).toEqual([{ value: 1 }]);
    expect(await orderCount(household)).toEqual([]);
    expect(changes.map((entry) => entry.stage)).toEqual(['computed-traits', 'segments', 'outbox']);
    const part = (await query<{ merged_profile_id: string }>("select merged_profile_id from merge_decisions where kind = 'split' and surviving_profile_id = $1", [household]))[0].merged_profile_id;
    expect(changes[0].change).toMatchObject({
      created: expect.arrayContaining([part]),
      split: expect.arrayContaining([{ profileId: household, createdProfileId: part }]),
      merged: expect.arrayContaining([{ profileId: weiApart, survivorId: wei }, { profileId: part, survivorId: tillMary }]),
    });
  });

  it('shows the reason in the GraphQL mergeHistory', async () => {
    const { body } = await hub.graphql('query($id: ID!) { profile(id: $id) { mergeHistory { kind rule actor evidence } } }', { id: await profileOf('shop', 'john') });
    expect(body.data.profile.mergeHistory[0]).toMatchObject({ kind: 'split', rule: 'split', actor: RERESOLVE_ACTOR, evidence: { reason: expect.stringMatching(/^their records conflict: /) } });
  });

  it('changes nothing when run again', async () => {
    const before = await snapshot();
    const again = await services.identity.reresolution.reresolveStore();
    expect(again).toEqual({ dryRun: false, records: 7, profilesBefore: 5, profilesAfter: 5, split: { profiles: 0, into: 0 }, merged: 0, skipped: 0, examples: [] });
    expect(await snapshot()).toEqual(before);
  });
});

describe('reresolveProfiles', () => {
  let testDb: TestDatabase;
  let services: HubServices;
  const query = <T>(text: string, params: unknown[] = []) => testDb.database.query<T>(text, params);
  const profileOf = async (externalId: string) => (await query<{ profile_id: string }>("select profile_id from source_records where source = 'shop' and external_id = $1", [externalId]))[0].profile_id;

  beforeAll(async () => {
    testDb = await createTestDatabase('reresolve_profiles');
    services = testServices(testDb.database);
    await services.ingestion.ingest('shop', [
      // Joined by the phone alone.
      { external_id: 'a1', phone: '13812345678', city: '杭州' },
      { external_id: 'a2', phone: '13812345678', email: 'a2@example.cn' },
      // Joined by the phone and by an e-mail.
      { external_id: 'b1', phone: '13887654321', email: 'b@example.cn' },
      { external_id: 'b2', phone: '13887654321', email: 'b@example.cn', city: '苏州' },
    ]);
  });
  afterAll(async () => testDb?.drop());

  it('splits a profile that a value now generic alone joined, and leaves one that something else holds together too', async () => {
    const [a, b] = [await profileOf('a1'), await profileOf('b1')];
    expect([await profileOf('a2'), await profileOf('b2')]).toEqual([a, b]);
    const reason = 'phone +8613812345678 turned generic';
    const knownPeople = (type: string) => (type === 'phone' ? 3 : 0);
    const result = await testDb.database.transaction((tx) => services.identity.reresolution.reresolveProfiles(tx, [a, b], { reason, knownPeople }));

    const created = await profileOf('a2');
    expect(result).toMatchObject({ split: [{ profileId: a, createdProfileId: created }], created: [created], changed: [a, created] });
    expect(result.traits.traitsAfter.get(created)).toMatchObject({ email: 'a2@example.cn' });
    expect(await profileOf('a1')).toBe(a);
    expect([await profileOf('b1'), await profileOf('b2')]).toEqual([b, b]);
    const [split] = await query<{ kind: string; actor: string; evidence: Record<string, unknown> }>('select kind, actor, evidence from merge_decisions where surviving_profile_id = $1', [a]);
    expect(split).toMatchObject({
      kind: 'split',
      actor: RERESOLVE_ACTOR,
      evidence: { reason, engineReason: 'phone +8613812345678 is held by 3 people: it no longer links on its own', cannotLinks: 0, genericValues: [{ type: 'phone', value: '+8613812345678', people: 3 }] },
    });
    expect(await query('select count(*)::int as n from cannot_links')).toEqual([{ n: 0 }]);
  });
});
