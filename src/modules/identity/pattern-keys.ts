import { FIELD_COMPARISONS, MISSING, type FieldComparison } from './field-comparisons';

/**
 * A comparison vector as one number: levels -1…L-1 as base-(L+1) digits in the order of the comparisons,
 * exact in a double for up to ~20 fields of 4 levels. Millions of pairs are counted by vector this way.
 */
export function placeValues(comparisons: readonly FieldComparison[] = FIELD_COMPARISONS): number[] {
  const base = levelBase(comparisons);
  return comparisons.map((_, f) => base ** (comparisons.length - 1 - f));
}

/** Writes the levels of a pattern key into `levels` (one per comparison). */
export function levelsOfKey(key: number, levels: Int8Array, comparisons: readonly FieldComparison[] = FIELD_COMPARISONS): Int8Array {
  const base = levelBase(comparisons);
  for (let f = comparisons.length - 1; f >= 0; f--) {
    levels[f] = (key % base) + MISSING;
    key = Math.floor(key / base);
  }
  return levels;
}

// One more than the most levels of any field, so that MISSING fits as digit 0.
function levelBase(comparisons: readonly FieldComparison[]): number {
  return Math.max(...comparisons.map((comparison) => comparison.levels.length)) + 1;
}
