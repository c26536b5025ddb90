import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveRecords } from './engine';
import type { ModelParameters } from './fellegi-sunter';
import { FIELD_COMPARISONS } from './field-comparisons';
import { type IdentityRules } from './identity-rules';
import { IDENTITY_TYPES } from '../../../connectors/sdk/records';
import { resolutionConfig } from './resolution-config';
import { partition, recordsArbitrary } from '../../../test/support/resolution-records.arbitrary';

// Small inputs and few runs: each run resolves a few dozen records, the suite stays fast.
const RUNS = { numRuns: 25 };

// A fixed model keeps scores meaningful without EM on a few dozen records.
const model: ModelParameters = {
  prior: 0.1,
  fields: Object.fromEntries(
    FIELD_COMPARISONS.map(({ field, levels }) => [field, { m: levels.map((_, level) => (level === 0 ? 0.85 : 0.15 / (levels.length - 1))), u: levels.map((_, level) => (level === 0 ? 0.05 : 0.95 / (levels.length - 1))) }]),
  ),
};

// Every identifier links on equality and nothing limits a profile: what remains is the graph of shared identifiers.
const equalityOnly = Object.fromEntries(IDENTITY_TYPES.map((type, i) => [type, { priority: 100 - i, linkOn: 'equal' }])) as IdentityRules;
const deterministic = resolutionConfig({ identityRules: equalityOnly, model: { kind: 'configured', parameters: model }, thresholds: { link: 2, review: 2 } });
const scored = resolutionConfig({ model: { kind: 'configured', parameters: model } });

describe('resolveRecords, for any input', () => {
  it('gives the same profiles in whatever order records arrive, when only identifier rules link', () => {
    const shuffled = recordsArbitrary({ maxLength: 30 }).chain((records) => fc.tuple(fc.constant(records), fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length })));
    fc.assert(
      fc.property(shuffled, ([records, reordered]) => {
        expect(partition(resolveRecords(reordered, deterministic).profiles)).toEqual(partition(resolveRecords(records, deterministic).profiles));
      }),
      RUNS,
    );
  });

  it('never puts a split pair back in one profile, whatever records come with them', () => {
    // Two records that an e-mail and a unionid would join, among others that may bridge them.
    const a = { id: 'split-a', source: 'shop', fields: { first_name: 'Ann', email: 'ann@x.com', wechat_unionid: 'oU1', phone: '13812348000' } };
    const b = { id: 'split-b', source: 'crm', fields: { first_name: 'Anna', email: 'ANN@x.com', wechat_unionid: 'oU1', phone: '+86 138 1234 8000' } };
    const runs = recordsArbitrary({ maxLength: 25 }).chain((extra) => fc.shuffledSubarray([a, b, ...extra], { minLength: extra.length + 2, maxLength: extra.length + 2 }));
    fc.assert(
      fc.property(runs, (records) => {
        const { profiles } = resolveRecords(records, undefined, { cannotLink: [['split-a', 'split-b']] });
        expect(profiles.some((profile) => profile.includes('split-a') && profile.includes('split-b'))).toBe(false);
      }),
      RUNS,
    );
  });

  it('puts every record in exactly one profile, merges and splits included', () => {
    const runs = recordsArbitrary({ minLength: 2, maxLength: 25 }).chain((records) => {
      const pairOfIds = fc.tuple(fc.nat(records.length - 1), fc.nat(records.length - 1)).map(([i, j]) => [records[i].id, records[j].id] as const);
      return fc.tuple(fc.constant(records), fc.array(pairOfIds, { maxLength: 3 }), fc.array(pairOfIds, { maxLength: 3 }));
    });
    fc.assert(
      fc.property(runs, ([records, mustLink, cannotLink]) => {
        const { profiles } = resolveRecords(records, scored, { mustLink, cannotLink });
        expect(profiles.flat().sort()).toEqual(records.map((record) => record.id).sort());
      }),
      RUNS,
    );
  });

  it('explains a pair with the same probability whichever record comes first', () => {
    const runs = recordsArbitrary({ minLength: 2, maxLength: 20 }).chain((records) => fc.tuple(fc.constant(records), fc.nat(records.length - 1), fc.nat(records.length - 1)));
    fc.assert(
      fc.property(runs, ([records, i, j]) => {
        const { explain } = resolveRecords(records, scored);
        const [forward, backward] = [explain(records[i].id, records[j].id), explain(records[j].id, records[i].id)];
        expect(backward.probability).toBe(forward.probability);
        expect(backward.decision).toBe(forward.decision);
      }),
      RUNS,
    );
  });
});
