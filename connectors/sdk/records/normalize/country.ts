import countries from 'i18n-iso-countries';
import english from 'i18n-iso-countries/langs/en.json';
import chinese from 'i18n-iso-countries/langs/zh.json';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';

countries.registerLocale(english);
countries.registerLocale(chinese);

// A handful of values reach a million records: each is read once.
const MEMO_CAPACITY = 10_000;
const regionOfText = new Map<string, CountryCode | undefined>();

/**
 * The ISO 3166 region a record's `country` names, as libphonenumber knows regions: a code (US, USA), an
 * English or Chinese name (United States, 美国, 中国), or undefined when it names none (a typo, a city).
 * i18n-iso-countries holds the names and their common variants, so they are not ours to keep.
 */
export function countryRegion(raw: string | undefined): CountryCode | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  if (regionOfText.has(text)) return regionOfText.get(text);
  const code = countries.getAlpha2Code(text, 'en') ?? countries.getAlpha2Code(text, 'zh') ?? (countries.isValid(text) ? countries.toAlpha2(text.toUpperCase()) : undefined);
  const region = code !== undefined && isSupportedCountry(code) ? code : undefined;
  if (regionOfText.size >= MEMO_CAPACITY) regionOfText.clear();
  regionOfText.set(text, region);
  return region;
}

/**
 * Where a phone written without a country code is read: the record's own country, else the region of its
 * source (a connection's setting, `hub import --region`), else the hub's default (HUB_DEFAULT_REGION).
 */
export function phoneRegionOf(country: string | undefined, sourceRegion: CountryCode | undefined, defaultRegion: CountryCode): CountryCode {
  return countryRegion(country) ?? sourceRegion ?? defaultRegion;
}
