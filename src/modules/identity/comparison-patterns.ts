import { FIELD_COMPARISONS, type FieldComparison } from './field-comparisons';
import { NumberIndex } from './number-index';
import { levelsOfKey } from './pattern-keys';
import type { RowComparer } from './row-comparison';
import { SEPARATE_ARRAYS, type ArrayAllocator } from './typed-arrays';

/**
 * Candidate pairs grouped by comparison vector. Millions of pairs share a few thousand distinct vectors,
 * so estimation and scoring work on the patterns and pairs only keep an index into them.
 */
export interface PatternTable {
  /** Distinct comparison vectors, in ascending order as numbers: the same table whichever thread compared what. */
  patterns: Int8Array[];
  /** How many candidate pairs have each pattern. */
  counts: number[];
  /** For every candidate pair, in order, the index of its pattern. */
  patternOfPair: Int32Array;
}

/** The patterns of pairs `from`…`to`-1: their keys by first appearance; the pairs' indices into them are in `patternOfPair`. */
export interface ChunkPatterns {
  from: number;
  to: number;
  keys: number[];
}

/**
 * Compares pairs `from`…`to`-1 and writes, per pair, the index of its pattern among this chunk's keys. Any
 * thread can tabulate any chunk; `mergeChunkPatterns` then makes one table of them.
 */
export function tabulateChunk(comparer: RowComparer, pairs: { left: Int32Array; right: Int32Array }, from: number, to: number, patternOfPair: Int32Array): ChunkPatterns {
  const indexOfKey = new NumberIndex();
  const keys: number[] = [];
  for (let pair = from; pair < to; pair++) {
    const key = comparer.patternKey(pairs.left[pair], pairs.right[pair]);
    const index = indexOfKey.indexOf(key);
    if (index === keys.length) keys.push(key);
    patternOfPair[pair] = index;
  }
  return { from, to, keys };
}

/** One table from tabulated chunks that together cover every pair; rewrites `patternOfPair` to table indices. */
export function mergeChunkPatterns(chunks: readonly ChunkPatterns[], patternOfPair: Int32Array, comparisons: readonly FieldComparison[] = FIELD_COMPARISONS): PatternTable {
  const keys = [...new Set(chunks.flatMap((chunk) => chunk.keys))].sort((a, b) => a - b);
  const indexOfKey = new Map(keys.map((key, index) => [key, index]));
  const counts = new Array<number>(keys.length).fill(0);
  for (const chunk of chunks) {
    const global = Int32Array.from(chunk.keys, (key) => indexOfKey.get(key)!);
    for (let pair = chunk.from; pair < chunk.to; pair++) {
      const index = global[patternOfPair[pair]];
      patternOfPair[pair] = index;
      counts[index]++;
    }
  }
  return { patterns: keys.map((key) => levelsOfKey(key, new Int8Array(comparisons.length), comparisons)), counts, patternOfPair };
}

/** The whole table in this thread. */
export function tabulatePatterns(comparer: RowComparer, pairs: { left: Int32Array; right: Int32Array }, arrays: ArrayAllocator = SEPARATE_ARRAYS): PatternTable {
  const patternOfPair = arrays.int32(pairs.left.length);
  return mergeChunkPatterns([tabulateChunk(comparer, pairs, 0, pairs.left.length, patternOfPair)], patternOfPair);
}
