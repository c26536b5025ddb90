import { mergeChunkPatterns, type ChunkPatterns, type PatternTable } from './comparison-patterns';
import type { ComparisonRows } from './comparison-rows';
import type { NormalizePayload, TabulatePayload } from './helper-tasks';
import type { HelperThreads } from './helper-threads';
import type { ResolutionConfig } from './resolution-config';
import type { ArrayAllocator } from './typed-arrays';

/** A run's heavy steps handed to the helper threads: what each sends them, and how their chunks come back together. */

function chunkCount(items: number, chunkSize: number): number {
  return Math.ceil(items / chunkSize);
}

const CHUNK_VALUES = 2000;
const CHUNK_PAIRS = 1 << 16;

/**
 * Normalizes the distinct raw values of some fields on the helpers from now on; `finish` joins in and
 * returns each field's results in value order.
 */
export function beginNormalizing(helpers: HelperThreads, jobs: NormalizePayload['jobs'], config: ResolutionConfig): { finish(): unknown[][] } {
  const payload: NormalizePayload = { jobs, config, chunkSize: CHUNK_VALUES };
  const total = jobs.reduce((sum, job) => sum + job.raws.length, 0);
  const task = helpers.begin<unknown[]>('normalize', payload, chunkCount(total, CHUNK_VALUES));
  return {
    finish: () => {
      const chunks = task.finish();
      const all = [...chunks.keys()].sort((a, b) => a - b).flatMap((chunk) => chunks.get(chunk)!);
      let start = 0;
      return jobs.map(({ raws }) => all.slice(start, (start += raws.length)));
    },
  };
}

/**
 * Hands the helpers a run's comparison rows as soon as they exist: copying the value lists into a helper
 * takes seconds for a million records, time that blocking, which comes next here, hides.
 */
export function handOverRows(helpers: HelperThreads, rows: ComparisonRows): void {
  helpers.handOver('rows', rows);
}

/** Every candidate pair's pattern, the comparisons spread over this thread and the helpers (which have the rows). */
export function tabulateSharing(helpers: HelperThreads, rows: ComparisonRows, pairs: { left: Int32Array; right: Int32Array }, sharedArrays: ArrayAllocator): PatternTable {
  const patternOfPair = sharedArrays.int32(pairs.left.length);
  const payload: Omit<TabulatePayload, 'rows'> = { left: pairs.left, right: pairs.right, patternOfPair, chunkSize: CHUNK_PAIRS };
  const chunks = helpers.begin<ChunkPatterns>('tabulate', payload, chunkCount(pairs.left.length, CHUNK_PAIRS), { ...payload, rows }).finish();
  return mergeChunkPatterns([...chunks.values()], patternOfPair);
}
