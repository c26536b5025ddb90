import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levelWeights, pairWeight, pairWeightReaching, weightBound } from './fellegi-sunter';
import { FIELD_COMPARISONS } from './field-comparisons';
import { normalizeRecord } from './normalized-record';
import { resolutionConfig } from './resolution-config';
import { recordsArbitrary } from '../../../test/support/resolution-records.arbitrary';
import { startMatchModel } from './start-match-model';

const config = resolutionConfig();
const weights = levelWeights(startMatchModel(), FIELD_COMPARISONS.map((comparison) => comparison.field));
const bound = weightBound(weights);

describe('pairWeightReaching', () => {
  it('gives the pair weight whenever it reaches the floor, and a number below the floor otherwise', () => {
    fc.assert(
      fc.property(recordsArbitrary({ minLength: 2, maxLength: 2 }), fc.double({ min: -60, max: 60, noNaN: true }), ([a, b], floor) => {
        const [left, right] = [normalizeRecord(a, config), normalizeRecord(b, config)];
        const exact = pairWeight(left, right, weights);
        const bounded = pairWeightReaching(left, right, weights, floor, bound);
        // Fields are summed in another order: the same total up to rounding.
        if (exact >= floor + 1e-9) expect(bounded).toBeCloseTo(exact, 9);
        if (exact < floor - 1e-9) expect(bounded).toBeLessThan(floor);
      }),
      { numRuns: 3000 },
    );
  });

  it('compares the fields that can weigh most against a match first', () => {
    const strongestDisagreement = Math.min(...weights.flat());
    expect(Math.min(...weights[bound.order[0]])).toBe(strongestDisagreement);
    expect(bound.remainingMax[bound.order.length]).toBe(0);
  });
});
