import { TRAIT_FIELDS, type CanonicalRecord } from '../ingestion/canonical-record';
import { extractIdentifiers, type Identifier } from '../ingestion/identifiers';
import { identifierKey } from '../ingestion/identity-resolver';
import type { CountryCode } from 'libphonenumber-js';

/** A stored source record as profile derivation sees it. */
export interface ProfileSourceRecord {
  id: string;
  source: string;
  record: CanonicalRecord;
  /** When its content was last observed to change: the recency that survivorship compares. */
  observedAt: Date;
  firstSeenAt: Date;
  /** Its identifiers when the caller has them already (a fresh batch), sparing a second parse. */
  identifiers?: Identifier[];
}

export interface DerivedIdentity extends Identifier {
  source: string;
  sourceRecordId: string;
}

export interface DerivedTrait {
  key: string;
  value: string | number | boolean | null;
  source: string;
  sourceRecordId: string;
  observedAt: Date;
  rule: string;
}

export const MOST_RECENT_RULE = 'most_recent';

/** A profile's identities: the union of its records' identifiers, credited to the record that supplied each first. */
export function deriveIdentities(records: ProfileSourceRecord[], defaultRegion: CountryCode): DerivedIdentity[] {
  const byKey = new Map<string, DerivedIdentity>();
  for (const stored of [...records].sort(byFirstSeen)) {
    const extracted = stored.identifiers ? { ok: true as const, identifiers: stored.identifiers } : extractIdentifiers(stored.source, stored.record, defaultRegion);
    if (!extracted.ok) continue; // it was valid when stored; a stricter rule later must not break derivation
    for (const identifier of extracted.identifiers) {
      const key = identifierKey(identifier);
      if (!byKey.has(key)) byKey.set(key, { ...identifier, source: stored.source, sourceRecordId: stored.id });
    }
  }
  return [...byKey.values()];
}

/**
 * A profile's traits: for each key, the value of the most recently observed record that has one.
 * Canonical fields and free traits compete alike; ties go to the later record id (the later write).
 */
export function deriveTraits(records: ProfileSourceRecord[]): DerivedTrait[] {
  const chosen = new Map<string, DerivedTrait>();
  for (const stored of [...records].sort(byRecency)) {
    const candidates: [string, DerivedTrait['value']][] = [
      ...TRAIT_FIELDS.flatMap((field) => (stored.record.fields[field] === undefined ? [] : [[field, stored.record.fields[field]!] as [string, string]])),
      ...Object.entries(stored.record.traits),
    ];
    for (const [key, value] of candidates) {
      if (value === null || value === '') continue;
      chosen.set(key, { key, value, source: stored.source, sourceRecordId: stored.id, observedAt: stored.observedAt, rule: MOST_RECENT_RULE });
    }
  }
  return [...chosen.values()];
}

function byFirstSeen(a: ProfileSourceRecord, b: ProfileSourceRecord): number {
  return a.firstSeenAt.getTime() - b.firstSeenAt.getTime() || a.id.localeCompare(b.id);
}

/** Oldest first, so later records overwrite earlier ones in deriveTraits. */
function byRecency(a: ProfileSourceRecord, b: ProfileSourceRecord): number {
  return a.observedAt.getTime() - b.observedAt.getTime() || a.id.localeCompare(b.id);
}
