import type { CountryCode } from 'libphonenumber-js';
import { phoneRegionOf } from '../../../connectors/sdk/records';
import type { ResolutionRecord } from './resolution-record';

/**
 * A record's phone with the region it is read in, as one string: the raw number alone when the region is
 * the run's default (almost every record), else `US␟617.671.3260`. A run normalizes each distinct raw value
 * once (raw-values.ts, on helper threads); as one string, a number and its region stay one such value.
 */
export function regionalPhoneOf(record: ResolutionRecord, defaultRegion: CountryCode): string | undefined {
  // A separator inside the value would be read as a region: hostile input gets a space instead.
  const raw = record.fields.phone?.replaceAll(SEPARATOR, ' ');
  if (!raw) return undefined;
  const region = phoneRegionOf(record.fields.country, record.region, defaultRegion);
  return region === defaultRegion ? raw : `${region}${SEPARATOR}${raw}`;
}

/** The number and its region back from what regionalPhoneOf wrote. */
export function phoneInRegion(regional: string, defaultRegion: CountryCode): { raw: string; region: CountryCode } {
  const at = regional.indexOf(SEPARATOR);
  return at < 0 ? { raw: regional, region: defaultRegion } : { raw: regional.slice(at + 1), region: regional.slice(0, at) as CountryCode };
}

// The ASCII unit separator: never part of a phone a record holds.
const SEPARATOR = '\u001f';
