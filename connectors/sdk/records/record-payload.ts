import type { CanonicalRecord } from './canonical-record';
import { consentFields } from './consent-fields';

/**
 * The stored form of a canonical record: parseCanonicalRecord(toPayload(r)) gives r back, so the
 * store can re-derive identities and traits from what it kept, without the source.
 */
export function toPayload(record: CanonicalRecord): Record<string, unknown> {
  const payload: Record<string, unknown> = { external_id: record.externalId, ...record.fields };
  if (Object.keys(record.traits).length > 0) payload.traits = record.traits;
  if (record.events.length > 0) {
    payload.events = record.events.map((event) => ({ ...event, occurred_at: event.occurred_at.toISOString() }));
  }
  if (record.updatedAt) payload.updated_at = record.updatedAt.toISOString();
  if (record.consents) Object.assign(payload, consentFields(record.consents));
  return payload;
}
