import type { BlockingKeyColumn } from './blocking-keys';
import { NumberIndex } from './number-index';
import { SEPARATE_ARRAYS, type ArrayAllocator } from './typed-arrays';

/** Candidate pairs as parallel arrays of record indices, left < right, each pair once, by left record. */
export interface CandidatePairs {
  left: Int32Array;
  right: Int32Array;
  /** Keys skipped for being shared by more than the cap, by kind (values stay out of reports). */
  oversizedBlocks: { kind: string; blocks: number; largest: number }[];
}

/**
 * All pairs of records that share a blocking key, skipping blocks larger than `maxBlockSize`. Blocks are
 * laid out as one array of members; each record then walks the later members of its blocks, and a stamp
 * per record (the last left record that met it) drops a pair a second key finds again, without a set of
 * pairs. The pairs are in shared memory when `arrays` is, for worker threads.
 */
export function candidatePairs(
  keyColumns: readonly BlockingKeyColumn[],
  recordCount: number,
  maxBlockSize: number,
  arrays: ArrayAllocator = SEPARATE_ARRAYS,
): CandidatePairs {
  const blocks = layOutBlocks(keyColumns, recordCount, maxBlockSize, arrays);
  // Room for every pair a block yields is one pass; when that bound is far beyond memory, count first.
  const room = blocks.pairsWithRepeats <= MAX_ROOM ? blocks.pairsWithRepeats : walkPairs(blocks, recordCount, arrays);
  const left = arrays.int32(room);
  const right = arrays.int32(room);
  const count = walkPairs(blocks, recordCount, arrays, left, right);
  return { left: left.subarray(0, count), right: right.subarray(0, count), oversizedBlocks: blocks.oversized };
}

const MAX_ROOM = 2 ** 27;

interface BlockLayout {
  kinds: number;
  /** Per slot (kind × recordCount + record): where the record sits in `members`, -1 when it has no block there. */
  positionOfSlot: Int32Array;
  /** Per slot: the end of its block in `members`. */
  blockEndOfSlot: Int32Array;
  /** Records of every kept block, ascending within a block. */
  members: Int32Array;
  oversized: CandidatePairs['oversizedBlocks'];
  /** Pairs of all kept blocks, a pair found by two keys counted twice. */
  pairsWithRepeats: number;
}

function layOutBlocks(keyColumns: readonly BlockingKeyColumn[], n: number, maxBlockSize: number, arrays: ArrayAllocator): BlockLayout {
  const kinds = keyColumns.length;
  const blockOfSlot = arrays.int32(kinds * n).fill(-1);
  const sizes: number[] = [];
  const oversized: CandidatePairs['oversizedBlocks'] = [];
  keyColumns.forEach(({ kind, keys }, k) => {
    const firstBlock = sizes.length;
    const blockOfKey = new NumberIndex(n / 4);
    for (let record = 0; record < n; record++) {
      const key = keys[record];
      if (Number.isNaN(key)) continue;
      const block = firstBlock + blockOfKey.indexOf(key);
      if (block === sizes.length) sizes.push(0);
      sizes[block]++;
      blockOfSlot[k * n + record] = block;
    }
    const report = { kind, blocks: 0, largest: 0 };
    for (let block = firstBlock; block < sizes.length; block++) {
      if (sizes[block] <= maxBlockSize) continue;
      report.blocks++;
      report.largest = Math.max(report.largest, sizes[block]);
    }
    if (report.blocks > 0) oversized.push(report);
  });

  // Only blocks that yield pairs get room: at least two members, at most the cap.
  const start = new Int32Array(sizes.length + 1);
  let pairsWithRepeats = 0;
  for (let block = 0; block < sizes.length; block++) {
    const kept = sizes[block] >= 2 && sizes[block] <= maxBlockSize;
    start[block + 1] = start[block] + (kept ? sizes[block] : 0);
    if (kept) pairsWithRepeats += (sizes[block] * (sizes[block] - 1)) / 2;
  }
  const members = arrays.int32(start[sizes.length]);
  const fill = start.slice(0, sizes.length);
  const positionOfSlot = arrays.int32(kinds * n).fill(-1);
  const blockEndOfSlot = arrays.int32(kinds * n);
  for (let k = 0, slot = 0; k < kinds; k++) {
    for (let record = 0; record < n; record++, slot++) {
      const block = blockOfSlot[slot];
      if (block < 0 || start[block + 1] === start[block]) continue;
      const position = fill[block]++;
      members[position] = record;
      positionOfSlot[slot] = position;
      blockEndOfSlot[slot] = start[block + 1];
    }
  }
  return { kinds, positionOfSlot, blockEndOfSlot, members, oversized, pairsWithRepeats };
}

/** Counts the distinct pairs, and writes them when given room. */
function walkPairs(blocks: BlockLayout, n: number, arrays: ArrayAllocator, left?: Int32Array, right?: Int32Array): number {
  const { kinds, positionOfSlot, blockEndOfSlot, members } = blocks;
  const metBy = arrays.int32(n).fill(-1);
  let count = 0;
  for (let record = 0; record < n; record++) {
    for (let k = 0; k < kinds; k++) {
      const slot = k * n + record;
      const end = blockEndOfSlot[slot];
      for (let position = positionOfSlot[slot] + 1; position > 0 && position < end; position++) {
        const other = members[position];
        if (metBy[other] === record) continue;
        metBy[other] = record;
        if (left && right) {
          left[count] = record;
          right[count] = other;
        }
        count++;
      }
    }
  }
  return count;
}
