import { describe, expect, it } from 'vitest';
import { blockingKeys } from './blocking-keys';
import { candidatePairs } from './candidate-pairs';
import { normalizeRecord } from './normalized-record';
import { resolutionConfig } from './resolution-config';

const pairsOf = (result: ReturnType<typeof candidatePairs>) => [...result.left].map((left, i) => `${left}-${result.right[i]}`);

describe('candidate pairs', () => {
  it('pairs records that share any key, each pair once', () => {
    const result = candidatePairs([['a:1', 'b:1'], ['a:1', 'b:1'], ['b:1'], ['c:9']], 10);
    expect(pairsOf(result).sort()).toEqual(['0-1', '0-2', '1-2']);
  });

  it('skips blocks over the cap and reports them by kind, without their values', () => {
    const keys = Array.from({ length: 5 }, (_, i) => ['phone:13800000000', `birth:${i % 2}`]);
    const result = candidatePairs(keys, 3);
    expect(result.oversizedBlocks).toEqual([{ kind: 'phone', blocks: 1, largest: 5 }]);
    expect(pairsOf(result).sort()).toEqual(['0-2', '0-4', '1-3', '2-4']);
  });
});

describe('blocking keys', () => {
  const keysOf = (fields: Record<string, string>) => blockingKeys(normalizeRecord({ id: 'r', source: 's', fields }, resolutionConfig()));

  it('lets swapped given and family names meet on the phonetic name key', () => {
    const names = (keys: string[]) => keys.filter((key) => key.startsWith('names:'));
    expect(names(keysOf({ first_name: 'kasey', last_name: 'green' }))).toEqual(names(keysOf({ first_name: 'green', last_name: 'kasey' })));
  });

  it('gives the same street key to an address written with and without its type', () => {
    const street = (keys: string[]) => keys.filter((key) => key.startsWith('street:'));
    expect(street(keysOf({ street: '1 N Ogden Ave' }))).toEqual(street(keysOf({ street: '1 N. Ogden' })));
  });
});
