import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone';

describe('normalizePhone', () => {
  it('writes a valid number as E.164, read in the default region when it has no country code', () => {
    expect(normalizePhone('138 1234 8000', 'CN')).toEqual({ e164: '+8613812348000', digits: '13812348000' });
    expect(normalizePhone('(312) 226-2649', 'US')).toEqual({ e164: '+13122262649', digits: '3122262649' });
    expect(normalizePhone('+1 312 226 2649', 'CN')?.e164).toBe('+13122262649');
  });

  it('keeps the digits of a number it cannot validate as evidence, without an E.164 identifier', () => {
    expect(normalizePhone('226-2649', 'US')).toEqual({ digits: '2262649' });
  });

  it('keeps a masked number as its visible digits and mask', () => {
    expect(normalizePhone('138****8000', 'CN')).toEqual({ digits: '', masked: '138****8000' });
    expect(normalizePhone('138xxxx8000', 'CN')).toEqual({ digits: '', masked: '138****8000' });
  });

  it('drops digit runs too short to be a phone', () => {
    expect(normalizePhone('ext 12', 'CN')).toBeUndefined();
  });
});
