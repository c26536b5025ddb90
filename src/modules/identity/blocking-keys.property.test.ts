import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockingKeyColumns } from './blocking-keys';
import { normalizeRecord } from './normalized-record';
import { recordColumns } from './record-columns-from-records';
import { resolutionConfig } from './resolution-config';
import { recordsArbitrary } from '../../../test/support/resolution-records.arbitrary';
import { storedBlockingKeys } from './stored-blocking-keys';

const config = resolutionConfig();

/** Per rule kind, the pairs of records that share a key of that kind, as "a-b" with a < b. */
type PairsByKind = Map<string, Set<string>>;

function addPairs(pairs: PairsByKind, kind: string, holders: number[]): void {
  const set = pairs.get(kind) ?? pairs.set(kind, new Set()).get(kind)!;
  for (let i = 0; i < holders.length; i++) for (let j = i + 1; j < holders.length; j++) set.add(`${Math.min(holders[i], holders[j])}-${Math.max(holders[i], holders[j])}`);
}

function groupPairs(keyed: [kind: string, key: string | number, record: number][]): PairsByKind {
  const holders = new Map<string, { kind: string; records: number[] }>();
  for (const [kind, key, record] of keyed) {
    const id = `${kind}\u0000${key}`;
    (holders.get(id) ?? holders.set(id, { kind, records: [] }).get(id)!).records.push(record);
  }
  const pairs: PairsByKind = new Map();
  for (const { kind, records } of holders.values()) addPairs(pairs, kind, records);
  return pairs;
}

// A full run keys records by value indices of its columns; ingestion stores the same rules as text so later
// batches can look them up. Both must put the same records together, rule by rule, or ingestion and
// `hub resolve` would find different candidates.
describe('stored blocking keys', () => {
  it('pair the same records, rule by rule, as the engine’s blocking keys of a run', () => {
    fc.assert(
      fc.property(recordsArbitrary({ minLength: 2, maxLength: 24 }), (records) => {
        const columnKeys = blockingKeyColumns(recordColumns(records, config)).flatMap(({ kind, keys }) =>
          [...keys].flatMap((key, record): [string, number, number][] => (Number.isNaN(key) ? [] : [[kind, key, record]])),
        );
        const storedKeys = records.flatMap((record, index) =>
          storedBlockingKeys(normalizeRecord(record, config)).map((key): [string, string, number] => [key.slice(0, key.indexOf(':')), key, index]),
        );
        const fromColumns = groupPairs(columnKeys);
        const fromStored = groupPairs(storedKeys);
        for (const kind of new Set([...fromColumns.keys(), ...fromStored.keys()])) {
          expect({ kind, pairs: [...(fromStored.get(kind) ?? [])].sort() }).toEqual({ kind, pairs: [...(fromColumns.get(kind) ?? [])].sort() });
        }
      }),
      { numRuns: 150 },
    );
  });
});
