import { mergeChunkPatterns, tabulateChunk, type ChunkPatterns, type PatternTable } from './comparison-patterns';
import type { ComparisonRows } from './comparison-rows';
import type { HelperThreads } from './helper-threads';
import { valueNormalizers } from './normalized-record';
import { rawFieldNormalizer, type RawField } from './raw-values';
import type { ArrayAllocator } from './typed-arrays';
import type { ResolutionConfig } from './resolution-config';
import { RowComparer } from './row-comparison';

/**
 * The work a run splits into chunks that any thread can take: the same code runs here and in a helper
 * thread (resolution-worker.ts), and a task's payload is what the helper is sent (typed arrays in shared
 * memory, values copied once per task).
 */
export const HELPER_TASKS = {
  /** Normalizes distinct raw values of some fields, one after the other, a slice per chunk. */
  normalize(payload: NormalizePayload): (chunk: number) => unknown[] {
    const normalizers = valueNormalizers(payload.config);
    const byField = payload.jobs.map(({ field }) => rawFieldNormalizer(field, normalizers));
    return (chunk) => {
      const results: unknown[] = [];
      let skip = chunk * payload.chunkSize;
      for (let job = 0; job < payload.jobs.length && results.length < payload.chunkSize; job++) {
        const { raws } = payload.jobs[job];
        for (let i = skip; i < raws.length && results.length < payload.chunkSize; i++) results.push(byField[job](raws[i]));
        skip = Math.max(0, skip - raws.length);
      }
      return results;
    };
  },
  /** Compares a range of candidate pairs per chunk and writes their patterns' indices among the chunk's keys. */
  tabulate(payload: TabulatePayload): (chunk: number) => ChunkPatterns {
    const comparer = new RowComparer(payload.rows);
    const pairs = { left: payload.left, right: payload.right };
    return (chunk) => {
      const from = chunk * payload.chunkSize;
      return tabulateChunk(comparer, pairs, from, Math.min(from + payload.chunkSize, payload.left.length), payload.patternOfPair);
    };
  },
};

export type HelperTaskName = keyof typeof HELPER_TASKS;

export interface NormalizePayload {
  jobs: { field: RawField; raws: readonly string[] }[];
  config: ResolutionConfig;
  chunkSize: number;
}

export interface TabulatePayload {
  rows: ComparisonRows;
  left: Int32Array;
  right: Int32Array;
  patternOfPair: Int32Array;
  chunkSize: number;
}

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
