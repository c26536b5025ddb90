import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { differsInDigitsOnly } from './comparators';

describe('differsInDigitsOnly', () => {
  it('answers what comparing the two texts with their digits removed answers', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '.', '@', '0', '1', '9', '王') });
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(differsInDigitsOnly(a, b)).toBe(a.replace(/[0-9]/g, '') === b.replace(/[0-9]/g, ''));
      }),
      { numRuns: 2000 },
    );
  });
});
