import { describe, expect, it } from 'vitest';
import type { PatternTable } from './comparison-patterns';
import { MISSING } from './field-comparisons';
import { implausibility } from './model-plausibility';

const FIELDS = ['email', 'postcode'];
// Every pair compares e-mails (different) and agrees on postcode.
const table: PatternTable = { patterns: [Int8Array.from([2, 0])], counts: [1000], patternOfPair: new Int32Array(1000) };

describe('plausibility of an estimated model', () => {
  it('rejects a model in which a different e-mail costs nothing', () => {
    const model = { prior: 0.3, fields: { email: { m: [0.001, 0.001, 0.998], u: [0.001, 0.001, 0.998] }, postcode: { m: [0.99, 0.005, 0.005], u: [0.01, 0.01, 0.98] } } };
    expect(implausibility(model, table, FIELDS)).toMatch(/^a different email came out as 0.00 bits/);
  });

  it('accepts one in which a different e-mail counts against a match', () => {
    const model = { prior: 0.3, fields: { email: { m: [0.7, 0.1, 0.2], u: [0.001, 0.001, 0.998] }, postcode: { m: [0.99, 0.005, 0.005], u: [0.01, 0.01, 0.98] } } };
    expect(implausibility(model, table, FIELDS)).toBeUndefined();
  });

  it('does not judge a field the pairs hardly compare, or a file of a few pairs', () => {
    const sparse: PatternTable = { patterns: [Int8Array.from([MISSING, 0]), Int8Array.from([2, 0])], counts: [1000, 5], patternOfPair: new Int32Array(1005) };
    const tiny: PatternTable = { patterns: [Int8Array.from([2, 0])], counts: [3], patternOfPair: new Int32Array(3) };
    const model = { prior: 0.3, fields: { email: { m: [0.3, 0.3, 0.4], u: [0.3, 0.3, 0.4] }, postcode: { m: [0.99, 0.005, 0.005], u: [0.01, 0.01, 0.98] } } };
    expect(implausibility(model, sparse, FIELDS)).toBeUndefined();
    expect(implausibility(model, tiny, FIELDS)).toBeUndefined();
  });
});
