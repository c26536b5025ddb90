import { compareRecords, MISSING, type FieldComparison } from './field-comparisons';
import type { NormalizedRecord } from './normalized-record';

/**
 * Candidate pairs grouped by comparison vector. Millions of pairs share a few thousand distinct vectors,
 * so estimation and scoring work on the patterns and pairs only keep an index into them.
 */
export interface PatternTable {
  /** Distinct comparison vectors. */
  patterns: Int8Array[];
  /** How many candidate pairs have each pattern. */
  counts: number[];
  /** For every candidate pair, in order, the index of its pattern. */
  patternOfPair: Int32Array;
}

export function tabulatePatterns(
  records: readonly NormalizedRecord[],
  pairs: { left: Int32Array; right: Int32Array },
  comparisons: readonly FieldComparison[],
): PatternTable {
  const base = Math.max(...comparisons.map((comparison) => comparison.levels.length)) + 1;
  const indexOfKey = new Map<number, number>();
  const table: PatternTable = { patterns: [], counts: [], patternOfPair: new Int32Array(pairs.left.length) };
  for (let pair = 0; pair < pairs.left.length; pair++) {
    const levels = compareRecords(records[pairs.left[pair]], records[pairs.right[pair]], comparisons);
    const key = patternKey(levels, base);
    let index = indexOfKey.get(key);
    if (index === undefined) {
      index = table.patterns.length;
      indexOfKey.set(key, index);
      table.patterns.push(levels);
      table.counts.push(0);
    }
    table.counts[index]++;
    table.patternOfPair[pair] = index;
  }
  return table;
}

// Levels -1…L-1 as base-(L+1) digits; exact in a double for up to ~20 fields of 4 levels.
function patternKey(levels: Int8Array, base: number): number {
  let key = 0;
  for (let i = 0; i < levels.length; i++) key = key * base + (levels[i] - MISSING);
  return key;
}
