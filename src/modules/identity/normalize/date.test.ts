import { describe, expect, it } from 'vitest';
import { normalizeDate } from './date';

describe('normalizeDate', () => {
  it('reads ISO, compact and Chinese dates', () => {
    const date = { year: 1990, month: 4, day: 3 };
    expect(normalizeDate('1990-04-03')).toEqual(date);
    expect(normalizeDate('19900403')).toEqual(date);
    expect(normalizeDate('1990年4月3日')).toEqual(date);
    expect(normalizeDate('1990-04-03T00:00:00Z')).toEqual(date);
  });

  it('reads slashed dates in the configured order', () => {
    expect(normalizeDate('03/04/1990', 'dmy')).toEqual({ year: 1990, month: 4, day: 3 });
    expect(normalizeDate('03/04/1990', 'mdy')).toEqual({ year: 1990, month: 3, day: 4 });
  });

  it('treats impossible dates as missing', () => {
    expect(normalizeDate('19901331')).toBeUndefined();
    expect(normalizeDate('2023-02-29')).toBeUndefined();
    expect(normalizeDate('unknown')).toBeUndefined();
  });
});
