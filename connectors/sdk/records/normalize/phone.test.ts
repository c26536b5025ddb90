import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone';

describe('normalizePhone', () => {
  it('writes a valid number as E.164, read in the default region when it has no country code', () => {
    expect(normalizePhone('138 1234 8000', 'CN')).toEqual({ e164: '+8613812348000', digits: '13812348000' });
    expect(normalizePhone('(312) 226-2649', 'US')).toEqual({ e164: '+13122262649', digits: '3122262649' });
    expect(normalizePhone('+1 312 226 2649', 'CN')?.e164).toBe('+13122262649');
  });

  it('keeps the digits of a number of no possible length, or a filler number, as evidence without an E.164 identifier', () => {
    expect(normalizePhone('226-2649', 'US')).toEqual({ digits: '2262649' });
    expect(normalizePhone('11111111111', 'CN')).toEqual({ digits: '11111111111' });
  });

  it('writes a number of a possible length outside the known ranges as E.164, marked as such', () => {
    expect(normalizePhone('+1 247 733 6314', 'CN')).toEqual({ e164: '+12477336314', unknownRange: true, digits: '2477336314' });
    expect(normalizePhone('140 1234 5678', 'CN')).toEqual({ e164: '+8614012345678', unknownRange: true, digits: '14012345678' });
  });

  it('keeps a number too short for its region, or written for another region, as evidence only', () => {
    // A local number without its area code: as many towns have it as have that exchange.
    expect(normalizePhone('906 8600', 'CN')).toEqual({ digits: '9068600' });
    // An American number read as Chinese: read in its record's country, it is one (see phoneRegionOf).
    expect(normalizePhone('617.671.3260', 'CN')).toEqual({ digits: '6176713260' });
    expect(normalizePhone('617.671.3260', 'US')).toEqual({ e164: '+16176713260', digits: '6176713260' });
  });

  it('reads 00 as the international prefix whatever the region', () => {
    expect(normalizePhone('0086-138-1234-8000', 'US')).toEqual({ e164: '+8613812348000', digits: '13812348000' });
    expect(normalizePhone('0044 20 7946 0018', 'CN')).toEqual({ e164: '+442079460018', digits: '2079460018' });
  });

  it('keeps a masked number as its visible digits and mask', () => {
    expect(normalizePhone('138****8000', 'CN')).toEqual({ digits: '', masked: '138****8000' });
    expect(normalizePhone('138xxxx8000', 'CN')).toEqual({ digits: '', masked: '138****8000' });
  });

  it('drops digit runs too short to be a phone', () => {
    expect(normalizePhone('ext 12', 'CN')).toBeUndefined();
  });
});
