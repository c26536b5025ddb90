import { valueNormalizers, type ValueNormalizers } from './normalized-record';
import type { ResolutionConfig } from './resolution-config';

/**
 * The engine's value normalizers, each remembering what it read, for a long-lived resolver: names, cities,
 * companies and streets come back across batches, and reading a company (to pinyin) or a phone costs tens of
 * microseconds. Every reader is one raw string in, one value out, whatever the engine adds; each memo is
 * emptied when it reaches `capacity` entries, which bounds the memory of a process that runs for months.
 */
export function memoizedValueNormalizers(config: ResolutionConfig, capacity: number): ValueNormalizers {
  return memoizeReaders(valueNormalizers(config), capacity) as ValueNormalizers;
}

function memoizeReaders(readers: object, capacity: number): object {
  const memoized: Record<string, unknown> = {};
  for (const [name, reader] of Object.entries(readers)) {
    memoized[name] = typeof reader === 'function' ? memoize(reader as (raw: string) => unknown, capacity) : reader && typeof reader === 'object' ? memoizeReaders(reader, capacity) : reader;
  }
  return memoized;
}

function memoize(read: (raw: string) => unknown, capacity: number): (raw: string) => unknown {
  const known = new Map<string, unknown>();
  return (raw) => {
    const value = known.get(raw);
    if (value !== undefined || known.has(raw)) return value;
    if (known.size >= capacity) known.clear();
    const read_ = read(raw);
    known.set(raw, read_);
    return read_;
  };
}
