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
    expect(normalizeAddress({ street: '朝阳路 88号', city: '北京市' })).toMatchObject({ street: '朝阳路 88号', city: 'beijing' });
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
