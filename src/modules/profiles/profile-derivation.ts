import { extractIdentifiers, identifierKey, TRAIT_FIELDS, type CanonicalRecord, type Identifier, type IdentifierReading } from '../../../connectors/sdk/records';
import type { CountryCode } from 'libphonenumber-js';
import { byRecencyDescending, chooseCandidate, DEFAULT_SURVIVORSHIP, ruleFor, type SurvivorshipRules, type TraitCandidate } from './survivorship';

/** A stored source record as profile derivation sees it. */
export interface ProfileSourceRecord {
  id: string;
  source: string;
  record: CanonicalRecord;
  /** When its content was last observed to change: the recency that survivorship compares. */
  observedAt: Date;
  firstSeenAt: Date;
  /** The region its source's phones were read in when it was stored (null: the hub's default). */
  phoneRegion?: CountryCode | null;
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
  /** What the profile's other records offered for this key, newest first (at most MAX_TRAIT_CANDIDATES). */
  candidates: TraitCandidate[];
}

// Bounds a trait row of a profile with hundreds of records; the source records keep every value.
const MAX_TRAIT_CANDIDATES = 20;

/**
 * Whether a record stands for a person (a customer, a member, a follower) rather than something a person did. A
 * record that belongs to a customer record of its source (`customer_external_id`: a Shopify order of a customer) or
 * that is one of its own events (its external_id is that event's id: a guest checkout's order) does not, and its
 * external_id identifies no one. Migration20261207140000_order_identities reads stored payloads the same way.
 */
export function standsForPerson(record: CanonicalRecord): boolean {
  if (record.fields.customer_external_id !== undefined) return false;
  return !record.events.some((event) => event.id === record.externalId);
}

/**
 * A profile's identities: the union of its records' identifiers, credited to the record that supplied each first;
 * a record that stands for no person (an order) contributes its e-mail and phone, never its own id.
 */
export function deriveIdentities(records: ProfileSourceRecord[], reading: IdentifierReading): DerivedIdentity[] {
  const byKey = new Map<string, DerivedIdentity>();
  for (const stored of [...records].sort(byFirstSeen)) {
    // A stored record is read again in the region its phones were first read in.
    const extracted = stored.identifiers
      ? { ok: true as const, identifiers: stored.identifiers }
      : extractIdentifiers(stored.source, stored.record, stored.phoneRegion ? { ...reading, sourceRegion: stored.phoneRegion } : reading);
    if (!extracted.ok) continue; // it was valid when stored; a stricter rule later must not break derivation
    const person = standsForPerson(stored.record);
    for (const identifier of extracted.identifiers) {
      if (identifier.type === 'external_id' && !person) continue;
      const key = identifierKey(identifier);
      if (!byKey.has(key)) byKey.set(key, { ...identifier, source: stored.source, sourceRecordId: stored.id });
    }
  }
  return [...byKey.values()];
}

/**
 * A profile's traits: for each key, the value the survivorship rule for that key picks among the values
 * its records offer (canonical fields and free traits alike; empty values offer nothing), with the
 * winner's lineage and the other candidates.
 */
export function deriveTraits(records: ProfileSourceRecord[], rules: SurvivorshipRules = DEFAULT_SURVIVORSHIP): DerivedTrait[] {
  const candidatesByKey = new Map<string, TraitCandidate[]>();
  for (const stored of records) {
    const offered: [string, string | number | boolean | null][] = [
      ...TRAIT_FIELDS.flatMap((field) => (stored.record.fields[field] === undefined ? [] : [[field, stored.record.fields[field]!] as [string, string]])),
      ...Object.entries(stored.record.traits),
    ];
    for (const [key, value] of offered) {
      if (value === null || value === '') continue;
      const candidate = { value, source: stored.source, sourceRecordId: stored.id, observedAt: stored.observedAt };
      const list = candidatesByKey.get(key);
      if (list) list.push(candidate);
      else candidatesByKey.set(key, [candidate]);
    }
  }
  return [...candidatesByKey].map(([key, candidates]) => {
    const rule = ruleFor(rules, key);
    const winner = candidates.length === 1 ? candidates[0] : chooseCandidate(candidates, rule);
    const others = candidates.length === 1 ? [] : candidates.filter((candidate) => candidate !== winner).sort(byRecencyDescending).slice(0, MAX_TRAIT_CANDIDATES);
    return { key, value: winner.value, source: winner.source, sourceRecordId: winner.sourceRecordId, observedAt: winner.observedAt, rule: rule.rule, candidates: others };
  });
}

function byFirstSeen(a: ProfileSourceRecord, b: ProfileSourceRecord): number {
  return a.firstSeenAt.getTime() - b.firstSeenAt.getTime() || a.id.localeCompare(b.id);
}
