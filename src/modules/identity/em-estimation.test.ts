import { describe, expect, it } from 'vitest';
import type { PatternTable } from './comparison-patterns';
import { estimateModel } from './em-estimation';
import type { ModelParameters } from './fellegi-sunter';

const FIELDS = ['name', 'birth', 'postcode'];
const truth = { prior: 0.2, m: [0.95, 0.9, 0.85], u: [0.05, 0.02, 0.1] };

/** Expected pattern counts of 100,000 pairs under the true model: what EM should find back. */
function tableFromTruth(): PatternTable {
  const table: PatternTable = { patterns: [], counts: [], patternOfPair: new Int32Array() };
  for (let bits = 0; bits < 8; bits++) {
    const levels = FIELDS.map((_, f) => (bits >> f) & 1);
    const likelihood = (p: number[]) => levels.reduce((product, level, f) => product * (level === 0 ? p[f] : 1 - p[f]), 1);
    table.patterns.push(Int8Array.from(levels));
    table.counts.push(100_000 * (truth.prior * likelihood(truth.m) + (1 - truth.prior) * likelihood(truth.u)));
  }
  return table;
}

// u at the start is chance agreement (random pairs): below what non-matching candidates show here.
const start: ModelParameters = {
  prior: 0.1,
  fields: Object.fromEntries(FIELDS.map((name) => [name, { m: [0.9, 0.1], u: [0.01, 0.99] }])),
};

describe('EM estimation', () => {
  it('finds the match share and m/u back from unlabelled comparison vectors', () => {
    const { model, converged } = estimateModel(tableFromTruth(), FIELDS, start, 500);
    expect(converged).toBe(true);
    expect(model.prior).toBeCloseTo(truth.prior, 2);
    FIELDS.forEach((name, f) => {
      expect(model.fields[name].m[0]).toBeCloseTo(truth.m[f], 2);
      expect(model.fields[name].u[0]).toBeCloseTo(truth.u[f], 2);
    });
  });

  it('keeps a field at its start values when the data turn its agreement into evidence against a match', () => {
    // Pairs that agree on name and birth never share a postcode; pairs that share one agree on nothing else.
    const table: PatternTable = {
      patterns: [Int8Array.from([0, 0, 1]), Int8Array.from([1, 1, 0]), Int8Array.from([1, 1, 1])],
      counts: [1_000, 9_000, 50_000],
      patternOfPair: new Int32Array(),
    };
    const { model, keptAtStart } = estimateModel(table, FIELDS, start, 500);
    expect(keptAtStart).toEqual(['postcode']);
    expect(model.fields.postcode).toEqual(start.fields.postcode);
    expect(model.fields.name.m[0]).toBeGreaterThan(model.fields.name.u[0]);
  });

  it('never takes agreement among non-matches for rarer than chance', () => {
    // Chance says three pairs in ten share a postcode; the non-matches here share one one time in ten.
    const chance: ModelParameters = { ...start, fields: { ...start.fields, postcode: { m: [0.9, 0.1], u: [0.3, 0.7] } } };
    const { model } = estimateModel(tableFromTruth(), FIELDS, chance, 500);
    expect(model.fields.postcode.u[0]).toBeCloseTo(0.3, 6);
    expect(model.fields.postcode.u[1]).toBeCloseTo(0.7, 6);
    expect(model.fields.name.m[0]).toBeGreaterThan(model.fields.name.u[0]);
  });
});
