import type { CountryCode } from 'libphonenumber-js';
import { blockingKeyHash } from './blocking-key-hash';
import type { IdentityRules } from './identity-rules';
import type { NormalizedRecord } from './normalized-record';
import { RESOLUTION_FIELDS, type ResolutionRecord } from './resolution-record';
import { storedBlockingKeys } from './stored-blocking-keys';

/** A record of the batch being resolved, normalized once, with the hashes of its blocking keys. */
export interface PreparedRecord {
  /** The ingestion key (external id). */
  key: string;
  source: string;
  sourceRecordId: string;
  currentProfileId?: string;
  normalized: NormalizedRecord;
  /** Stored keys and the record's own external id key (looked up only). */
  keyHashes: number[];
  /** Keys of identifiers that link on equality (`id.<type>:<value>`), by hash, with their type. */
  linkingKeys: Map<number, string>;
  /** The external id the record is a customer's record under: its own, or its customer's (an order). */
  personKey: string;
}

/**
 * The engine's view of a stored payload or canonical fields: resolution fields only, as text. A record that
 * belongs to a customer record of its source (an order) holds that customer's external id as its own: it is
 * that customer's, and one customer id per source stays one. `region` is its source's region, as stored with it.
 */
export function resolutionRecordOf(id: string, source: string, externalId: string, fields: Record<string, unknown>, region?: CountryCode | null): ResolutionRecord {
  const customer = fields.customer_external_id;
  if (typeof customer === 'string' && customer !== '') externalId = customer;
  const picked: ResolutionRecord['fields'] = {};
  for (const field of RESOLUTION_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string' && value !== '') picked[field] = value;
    else if (typeof value === 'number') picked[field] = String(value);
  }
  return region ? { id, source, externalId, fields: picked, region } : { id, source, externalId, fields: picked };
}

export interface RecordKeys {
  /** Stored with the record, for later batches to find it. */
  keyHashes: number[];
  /** Looked up, never stored: the record's own external id, which records that belong to it (orders) hold. */
  ownIdHash: number;
  /** Keys of identifiers that link on equality (`id.<type>:<value>`), by hash, with their type. */
  linkingKeys: Map<number, string>;
  /** The customer record of its source this record belongs to, when it is not one itself (an order). */
  customerExternalId?: string;
}

/**
 * The record's blocking keys, with the identifier keys that link on equality marked (by hash, with their type).
 * A record's own external id is not stored: the record is found by it directly. A record that belongs to a
 * customer record stores the customer's id, so that customer, arriving later, finds it by its own id.
 */
export function keysOf(normalized: NormalizedRecord, rules: IdentityRules, ownExternalId: string): RecordKeys {
  const ownKey = `id.external_id:${normalized.source}:${ownExternalId}`;
  const ownIdHash = blockingKeyHash(ownKey);
  const linkingKeys = new Map<number, string>([[ownIdHash, 'external_id']]);
  let customerExternalId: string | undefined;
  for (const identifier of normalized.identifiers) {
    const key = `id.${identifier.type}:${identifier.value}`;
    if (identifier.type === 'external_id') {
      if (key === ownKey) continue;
      customerExternalId = identifier.value.slice(normalized.source.length + 1);
    } else if (rules[identifier.type].linkOn !== 'equal') continue;
    linkingKeys.set(blockingKeyHash(key), identifier.type);
  }
  const keyHashes = new Set(storedBlockingKeys(normalized).filter((key) => key !== ownKey).map(blockingKeyHash));
  for (const hash of linkingKeys.keys()) if (hash !== ownIdHash) keyHashes.add(hash);
  return { keyHashes: [...keyHashes], ownIdHash, linkingKeys, customerExternalId };
}
