import { tabulateChunk, type ChunkPatterns } from './comparison-patterns';
import type { ComparisonRows } from './comparison-rows';
import { valueNormalizers } from './normalized-record';
import { rawFieldNormalizer, type RawField } from './raw-values';
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
