import type { CountryCode } from 'libphonenumber-js';
import { normalizeEmail, normalizePhone } from '../../connectors/sdk/records';
import type { ResolutionRecord } from '../../src/modules/identity';

/**
 * What the foundation's exact-match resolver does, on the same records: link records that share an equal
 * normalized e-mail, phone or national id, transitively. Its own normalizers are used, so this is the
 * behaviour the engine replaces.
 */
export function exactIdentifierProfiles(records: readonly ResolutionRecord[], region: CountryCode): string[][] {
  const parent = records.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const holder = new Map<string, number>();
  records.forEach((record, i) => {
    const { email, phone, national_id } = record.fields;
    const keys = [
      email && normalizeEmail(email) && `email:${normalizeEmail(email)}`,
      phone && normalizePhone(phone, region) && `phone:${normalizePhone(phone, region)}`,
      national_id && `national_id:${national_id.trim()}`,
    ];
    for (const key of keys) {
      if (!key) continue;
      const first = holder.get(key);
      if (first === undefined) holder.set(key, i);
      else parent[find(i)] = find(first);
    }
  });
  const profiles = new Map<number, string[]>();
  records.forEach((record, i) => {
    const root = find(i);
    if (!profiles.has(root)) profiles.set(root, []);
    profiles.get(root)!.push(record.id);
  });
  return [...profiles.values()];
}
