import { describe, expect, it } from 'vitest';
import { normalizeAddress } from './address';

describe('normalizeAddress', () => {
  it('spells street types and directions one way', () => {
    expect(normalizeAddress({ street: 'North Ogden Avenue' }).street).toBe(normalizeAddress({ street: 'N. Ogden Ave' }).street);
  });

  it('takes a leading house number out of the street when the number has no field of its own', () => {
    expect(normalizeAddress({ street: '1 N Ogden Ave' })).toMatchObject({ street: 'n ogden ave', streetNumber: '1' });
    expect(normalizeAddress({ street: '1 N Ogden Ave', street_number: '7' })).toMatchObject({ street: '1 n ogden ave', streetNumber: '7' });
  });

  it('keeps the five-digit ZIP of a ZIP+4 and compacts other postcodes', () => {
    expect(normalizeAddress({ postcode: '60628-1234' }).postcode).toBe('60628');
    expect(normalizeAddress({ postcode: 'sw1a 1aa' }).postcode).toBe('SW1A1AA');
  });

  it('keeps hanzi addresses in hanzi', () => {
    // Cities aside: 北京市 is read as beijing (see below).
    expect(normalizeAddress({ street: '朝阳路', city: '北京市' })).toMatchObject({ street: '朝阳路', city: 'beijing' });
  });

  it('takes the house number out of a Chinese street line, as out of a Western one', () => {
    expect(normalizeAddress({ street: '中山路613号' })).toMatchObject({ street: '中山路', streetNumber: '613' });
    expect(normalizeAddress({ street: '朝阳路 88号' })).toMatchObject({ street: '朝阳路', streetNumber: '88' });
    expect(normalizeAddress({ street: '人民路970号院' })).toMatchObject({ street: '人民路', streetNumber: '970' });
    expect(normalizeAddress({ street: '建国门外大街1号' })).toMatchObject({ street: '建国门外大街', streetNumber: '1' });
    expect(normalizeAddress({ street: '167 London Road' })).toMatchObject({ street: 'london rd', streetNumber: '167' });
    // A number of its own wins; a street without a number stays whole.
    expect(normalizeAddress({ street: '五一路379号', street_number: '379号' })).toMatchObject({ street: '五一路379号', streetNumber: '379' });
    expect(normalizeAddress({ street: '环城路' })).toEqual(expect.objectContaining({ street: '环城路', streetNumber: undefined }));
  });
});

describe('cities', () => {
  it('reads a city written in hanzi as its pinyin, so Chinese and English sources name one city alike', () => {
    const city = (raw: string) => normalizeAddress({ city: raw }).city;
    expect(city('上海')).toBe('shanghai');
    expect(city('上海市')).toBe('shanghai');
    expect(city('Shanghai')).toBe('shanghai');
    expect(city('广州')).toBe(city('Guangzhou'));
    expect(city('San Francisco')).toBe('san francisco');
  });
});
