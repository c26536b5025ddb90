import { describe, expect, it } from 'vitest';
import { resolveRecords, type ResolutionConstraints } from './engine';
import { resolutionConfig } from './resolution-config';
import type { ResolutionRecord } from './resolution-record';
import { planReresolution } from './reresolution-plan';
import { NO_LINK } from './reresolution-reasons';
import { startMatchModel } from './start-match-model';

// The hub's start model: what a store scores with until an estimate is applied.
const config = resolutionConfig({ model: { kind: 'configured', parameters: startMatchModel() } });

const record = (id: string, source: string, fields: ResolutionRecord['fields']): ResolutionRecord => ({ id, source, externalId: id, fields });
const home = { last_name: 'Smith', phone: '07700 900123', street: '12 Oak Road', city: 'Leeds', country: 'GB' };
const john = record('srec_01', 'shop', { first_name: 'John', date_of_birth: '1970-03-04', ...home });
const mary = record('srec_02', 'crm', { first_name: 'Mary', date_of_birth: '1972-11-09', ...home });
const wei = record('srec_03', 'shop', { first_name: 'Wei', last_name: 'Zhang', phone: '13900001111' });
const weiAgain = record('srec_04', 'crm', { first_name: 'Wei', last_name: 'Zhang', phone: '139 0000 1111' });

/** Plans what the engine makes of `records` against the current profiles, as the service does. */
function plan(records: ResolutionRecord[], current: Record<string, string>, constraints: ResolutionConstraints = {}, splitsOnly = false) {
  const resolution = resolveRecords(records, config, constraints);
  let created = 0;
  return planReresolution(new Map(Object.entries(current)), resolution.profiles, { ...resolution, linksOnEqual: (type) => config.identityRules[type].linkOn === 'equal' }, {
    newProfileId: () => `prof_new${++created}`,
    splitsOnly,
  });
}

describe('planReresolution', () => {
  it('splits a household the old rules merged, keeping the profile with the part of its oldest record, for the conflict the records show', () => {
    const { groups, profilesBefore, profilesAfter } = plan([john, mary], { srec_01: 'prof_1', srec_02: 'prof_1' });
    expect([profilesBefore, profilesAfter]).toEqual([1, 2]);
    expect(groups).toHaveLength(1);
    const [split] = groups[0].splits;
    expect(split).toMatchObject({ profileId: 'prof_1', kept: ['srec_01'], parts: [{ profileId: 'prof_new1', records: ['srec_02'] }] });
    // Moved record first; of the two conflicts (given names, dates of birth) the first as strong.
    expect(split.parts[0].reason).toEqual({ text: 'their records conflict: dates of birth 1972-11-09 and 1970-03-04', brief: 'their records conflict on date of birth' });
    expect(split.parts[0].details.conflict).toEqual({ left: 'srec_02', right: 'srec_01', field: 'date_of_birth', leftValue: '1972-11-09', rightValue: '1970-03-04' });
    expect(groups[0].merges).toEqual([]);
  });

  it('merges profiles the current rules join into the oldest, with the links and the shared value as the reason', () => {
    const { groups, profilesAfter } = plan([wei, weiAgain], { srec_03: 'prof_3', srec_04: 'prof_4' });
    expect(profilesAfter).toBe(1);
    expect(groups).toEqual([{ profiles: ['prof_3', 'prof_4'], splits: [], merges: [expect.objectContaining({ survivorId: 'prof_3', mergedId: 'prof_4', records: ['srec_04'], rule: 'identifier', probability: null })] }]);
    const [merge] = groups[0].merges;
    expect(merge.links).toEqual([expect.objectContaining({ left: 'srec_03', right: 'srec_04', rule: 'identifier', identityType: 'phone', fields: expect.arrayContaining([expect.objectContaining({ field: 'phone', agreement: 'exact' })]) })]);
    expect(merge.reason).toEqual({ text: 'they share phone +8613900001111, and nothing in their records conflicts', brief: 'they share a phone, and nothing in their records conflicts' });
  });

  it('plans splits and merges of one run as separate groups, and leaves profiles the rules keep as they are alone', () => {
    const loner = record('srec_09', 'shop', { first_name: 'Ada', last_name: 'Byron', email: 'ada@example.org' });
    const { groups, profilesBefore, profilesAfter } = plan([john, mary, wei, weiAgain, loner], { srec_01: 'prof_1', srec_02: 'prof_1', srec_03: 'prof_3', srec_04: 'prof_4', srec_09: 'prof_9' });
    expect([profilesBefore, profilesAfter]).toEqual([4, 4]);
    expect(groups.map((group) => [group.profiles, group.splits.length, group.merges.length])).toEqual([
      [['prof_1'], 1, 0],
      [['prof_3', 'prof_4'], 0, 1],
    ]);
  });

  it('merges a part split off one profile into the other profile its records belong with, in one group', () => {
    const maryElsewhere = record('srec_05', 'pos', { first_name: 'Mary', date_of_birth: '1972-11-09', ...home });
    const { groups, profilesAfter } = plan([john, mary, maryElsewhere], { srec_01: 'prof_1', srec_02: 'prof_1', srec_05: 'prof_5' });
    expect(profilesAfter).toBe(2);
    expect(groups).toHaveLength(1);
    expect(groups[0].profiles).toEqual(['prof_1', 'prof_5']);
    expect(groups[0].splits).toMatchObject([{ profileId: 'prof_1', kept: ['srec_01'], parts: [{ profileId: 'prof_new1', records: ['srec_02'] }] }]);
    expect(groups[0].merges).toMatchObject([{ survivorId: 'prof_5', mergedId: 'prof_new1', splitFrom: 'prof_1', records: ['srec_02'] }]);
  });

  it('plans nothing for profiles that are already what the rules make of them', () => {
    const { groups, profilesBefore, profilesAfter } = plan([john, mary, wei, weiAgain], { srec_01: 'prof_1', srec_02: 'prof_2', srec_03: 'prof_3', srec_04: 'prof_3' });
    expect(groups).toEqual([]);
    expect([profilesBefore, profilesAfter]).toEqual([3, 3]);
  });

  it("keeps what a person merged: the engine's must-links hold a household together", () => {
    const { groups } = plan([john, mary], { srec_01: 'prof_1', srec_02: 'prof_1' }, { mustLink: [['srec_01', 'srec_02']] });
    expect(groups).toEqual([]);
  });

  it('names the generic value when it alone had joined the records, and plans no merge when asked for splits only', () => {
    const a = record('srec_11', 'shop', { phone: '13812345678', city: '杭州' });
    const b = record('srec_12', 'crm', { phone: '13812345678', email: 'b@example.cn' });
    const c = record('srec_13', 'pos', { email: 'b@example.cn' });
    const resolution = resolveRecords([a, b, c], config, { knownPeople: (type) => (type === 'phone' ? 3 : 0) });
    const { groups } = planReresolution(new Map([['srec_11', 'prof_1'], ['srec_12', 'prof_1'], ['srec_13', 'prof_2']]), resolution.profiles, { ...resolution, linksOnEqual: () => true }, {
      newProfileId: () => 'prof_new',
      splitsOnly: true,
    });
    expect(groups).toHaveLength(1);
    expect(groups[0].merges).toEqual([]);
    const [part] = groups[0].splits[0].parts;
    expect(part.records).toEqual(['srec_12']);
    expect(part.reason).toEqual({ text: 'phone +8613812345678 is held by 3 people: it no longer links on its own', brief: 'a phone held by 3 people no longer links on its own' });
    expect(part.details.genericValues).toEqual([{ type: 'phone', value: '+8613812345678', people: 3 }]);
  });

  it('says so when no link of the current rules joins the records (a nickname is no longer compared)', () => {
    const sunny = record('srec_21', 'shop', { city: '杭州' });
    const otherSunny = record('srec_22', 'crm', { city: '杭州' });
    const { groups } = plan([sunny, otherSunny], { srec_21: 'prof_1', srec_22: 'prof_1' });
    expect(groups[0].splits[0].parts[0].reason).toEqual({ text: NO_LINK, brief: NO_LINK });
  });
});
