import { describe, expect, it } from 'vitest';
import { blockingKeyColumns, type BlockingKeyColumn } from './blocking-keys';
import { candidatePairs } from './candidate-pairs';
import { recordColumns } from './record-columns-from-records';
import { resolutionConfig } from './resolution-config';

const pairsOf = (result: ReturnType<typeof candidatePairs>) => [...result.left].map((left, i) => `${left}-${result.right[i]}`);
const keyColumn = (kind: string, keys: number[]): BlockingKeyColumn => ({ kind, keys: Float64Array.from(keys) });

describe('candidate pairs', () => {
  it('pairs records that share any key, each pair once', () => {
    const result = candidatePairs([keyColumn('a', [1, 1, NaN, NaN]), keyColumn('b', [1, 1, 1, NaN]), keyColumn('c', [NaN, NaN, NaN, 9])], 4, 10);
    expect(pairsOf(result).sort()).toEqual(['0-1', '0-2', '1-2']);
  });

  it('skips blocks over the cap and reports them by kind, without their values', () => {
    const result = candidatePairs([keyColumn('phone', [13800000000, 13800000000, 13800000000, 13800000000, 13800000000]), keyColumn('birth', [0, 1, 0, 1, 0])], 5, 3);
    expect(result.oversizedBlocks).toEqual([{ kind: 'phone', blocks: 1, largest: 5 }]);
    expect(pairsOf(result).sort()).toEqual(['0-2', '0-4', '1-3', '2-4']);
  });

  it('writes every pair with the lower record index on the left', () => {
    const result = candidatePairs([keyColumn('a', [7, 3, 7, 3, 7])], 5, 10);
    expect(pairsOf(result)).toEqual(['0-2', '0-4', '1-3', '2-4']);
  });
});

describe('blocking keys', () => {
  const config = resolutionConfig();
  const shareKey = (kind: string, a: Record<string, string>, b: Record<string, string>) => {
    const records = [a, b].map((fields, i) => ({ id: `r${i}`, source: 's', fields }));
    const { keys } = blockingKeyColumns(recordColumns(records, config)).find((column) => column.kind === kind)!;
    return !Number.isNaN(keys[0]) && keys[0] === keys[1];
  };

  it('lets swapped given and family names meet on the phonetic name key', () => {
    expect(shareKey('names', { first_name: 'kasey', last_name: 'green' }, { first_name: 'green', last_name: 'kasey' })).toBe(true);
    expect(shareKey('names', { first_name: 'kasey', last_name: 'green' }, { first_name: 'kasey', last_name: 'brown' })).toBe(false);
  });

  it('gives the same street key to an address written with and without its type', () => {
    expect(shareKey('street', { street: '1 N Ogden Ave' }, { street: '1 N. Ogden' })).toBe(true);
  });

  it('gives no key to a record that lacks one of its parts', () => {
    expect(shareKey('postcode.family', { postcode: '2000' }, { postcode: '2000' })).toBe(false);
  });
});
