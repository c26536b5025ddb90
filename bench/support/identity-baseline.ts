import type { CountryCode } from 'libphonenumber-js';
import { normalizeIdentifier, phoneRegionOf, type IdentityType } from '../../connectors/sdk/records';
import type { ResolutionRecord } from '../../src/modules/identity';

/**
 * The plain union a user would try first: link records that share a normalized e-mail, phone, national id or
 * WeChat unionid, transitively. The hub's own normalizers read the values, so "shared" means what the hub means.
 */
export function exactIdentifierProfiles(records: readonly ResolutionRecord[], region: CountryCode): string[][] {
  const groupOf = groupsSharingKeys(records, (record) => sharedIdentifierKeys(record, region));
  const profiles = new Map<number, string[]>();
  records.forEach((record, i) => {
    if (!profiles.has(groupOf[i])) profiles.set(groupOf[i], []);
    profiles.get(groupOf[i])!.push(record.id);
  });
  return [...profiles.values()];
}

/** For each record, the index of a representative of its group: records sharing any key, transitively (union-find). */
export function groupsSharingKeys(records: readonly ResolutionRecord[], keysOf: (record: ResolutionRecord) => readonly string[]): number[] {
  const parent = records.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const holder = new Map<string, number>();
  records.forEach((record, i) => {
    for (const key of keysOf(record)) {
      const first = holder.get(key);
      if (first === undefined) holder.set(key, i);
      else parent[find(i)] = find(first);
    }
  });
  return records.map((_, i) => find(i));
}

const LINKING_IDENTIFIERS: readonly (IdentityType & keyof ResolutionRecord['fields'])[] = ['email', 'phone', 'national_id', 'wechat_unionid'];

/**
 * `type:value` of every identifier the record carries, as the hub's normalizeIdentifier reads it (a masked value
 * or a one-digit national id is none). A phone is read in the row's own country when it names one, as the hub
 * reads it: a US customer's 617.671.3260 is a US number whatever the default region.
 */
export function sharedIdentifierKeys(record: ResolutionRecord, region: CountryCode): string[] {
  const reading = { defaultRegion: region, sourceRegion: phoneRegionOf(record.fields.country, undefined, region) };
  const keys: string[] = [];
  for (const type of LINKING_IDENTIFIERS) {
    const raw = record.fields[type];
    const value = raw === undefined ? undefined : normalizeIdentifier(type, raw, reading);
    if (value !== undefined) keys.push(`${type}:${value}`);
  }
  return keys;
}

