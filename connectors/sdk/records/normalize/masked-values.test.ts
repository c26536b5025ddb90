import { describe, expect, it } from 'vitest';
import { isMasked, maskedMatches } from './masked-values';

describe('masked values', () => {
  it('recognises stars, bullets and x runs between digits, but not an x in a name', () => {
    expect(isMasked('138****8000')).toBe(true);
    expect(isMasked('138xxxx8000')).toBe(true);
    expect(isMasked('j•••@qq.com')).toBe(true);
    expect(isMasked('alexx@gmail.com')).toBe(false);
  });

  it('matches a full value whose visible head and tail agree with the mask', () => {
    expect(maskedMatches('138****8000', '13812348000')).toBe(true);
    expect(maskedMatches('138****8000', '13912348000')).toBe(false);
    expect(maskedMatches('138****8000', '1388000')).toBe(false);
  });
});
