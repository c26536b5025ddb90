import { jaroWinkler as libraryJaroWinkler } from '@skyra/jaro-winkler';
import fc from 'fast-check';
import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { codeLevel, withinOneEdit } from './comparators';
import { jaroWinkler } from './jaro-winkler';
import { beyondOneEdit, jaroWinklerBound, textSignature } from './text-signatures';

// Short strings over a small alphabet, so that matches, transpositions and shared prefixes are common;
// plus hanzi and an astral character, which the code-unit path must hand to the library.
const letters = fc.constantFrom('a', 'b', 'c', 'd', 'e', ' ', '路', '鲁', '𠀋');
const text = fc.oneof(fc.array(letters, { maxLength: 12 }), fc.array(letters, { maxLength: 90 })).map((chars) => chars.join(''));
const typoed = fc.tuple(text, fc.nat(12), letters).map(([word, at, letter]) => [word, word.slice(0, at) + letter + word.slice(at + 1)] as const);

describe('string similarity used by the comparators', () => {
  it('gives the very number @skyra/jaro-winkler gives', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(text, text), typoed), ([a, b]) => {
        expect(jaroWinkler(a, b)).toBe(libraryJaroWinkler(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads "within one edit" exactly as a Levenshtein distance of at most 1', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(text, text), typoed), ([a, b]) => {
        expect(withinOneEdit(a, b)).toBe(distance(a, b) <= 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('bounds Jaro-Winkler from above by the texts\' signatures', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(text, text), typoed), ([a, b]) => {
        const [sa, sb] = [textSignature(a), textSignature(b)];
        expect(jaroWinklerBound(sa.lengthAndFirst, sa.buckets, sb.lengthAndFirst, sb.buckets)).toBeGreaterThanOrEqual(libraryJaroWinkler(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('says "beyond one edit" only of codes that are neither a typo nor a swap apart', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(text, text), typoed), ([a, b]) => {
        const [sa, sb] = [textSignature(a), textSignature(b)];
        if (a !== b && beyondOneEdit(sa.lengthAndFirst, sa.buckets, sb.lengthAndFirst, sb.buckets)) expect(codeLevel(a, b)).toBe(2);
      }),
      { numRuns: 2000 },
    );
  });
});
