import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { differsOnlyInDigitsOrSeparators } from './comparators';

describe('differsOnlyInDigitsOrSeparators', () => {
  it('answers what comparing the two texts with their digits and separators removed answers', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '.', '_', '-', '@', '0', '1', '9', '王') });
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(differsOnlyInDigitsOrSeparators(a, b)).toBe(a.replace(/[0-9._-]/g, '') === b.replace(/[0-9._-]/g, ''));
      }),
      { numRuns: 2000 },
    );
  });
});
