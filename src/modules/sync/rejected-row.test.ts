import { describe, expect, it } from 'vitest';
import { storableRaw, storableReason } from './rejected-row';

describe('a rejected row as sync_rejections keeps it', () => {
  it('replaces NUL and lone surrogates in values and keys, so the rejection itself can be stored', () => {
    const json = storableRaw({ file: 'members.csv', cells: ['M002', '李\u0000强', 'half \ud800'], ['key\u0000']: 1 });
    expect(json).not.toMatch(/\\u0000|\\ud800/);
    expect(JSON.parse(json)).toEqual({ file: 'members.csv', cells: ['M002', '李\ufffd强', 'half \ufffd'], ['key\ufffd']: 1 });
  });

  it('keeps the start of a row larger than 64 KB, and bounds the reason', () => {
    const json = storableRaw({ blob: 'x'.repeat(100_000) });
    expect(JSON.parse(json)).toMatchObject({ truncated: true, bytes: 100_011 });
    expect(json.length).toBeLessThan(2100);
    expect(storableReason('r'.repeat(5000))).toHaveLength(2001);
  });
});
