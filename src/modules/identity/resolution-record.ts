import { TRAIT_FIELDS, type CanonicalField } from '../ingestion/canonical-record';

/**
 * A record as the resolution engine reads it: the canonical fields (plus the address and id fields that
 * `hub resolve` files carry), the source it came from, and a key unique within one resolution run.
 */
const RESOLUTION_ONLY_FIELDS = ['street_number', 'address_line2', 'national_id'] as const;

export type ResolutionField = Exclude<CanonicalField, 'external_id' | 'customer_external_id'> | (typeof RESOLUTION_ONLY_FIELDS)[number];

export const RESOLUTION_FIELDS: readonly ResolutionField[] = [...(TRAIT_FIELDS as ResolutionField[]), ...RESOLUTION_ONLY_FIELDS];

export interface ResolutionRecord {
  /** Unique within one run (`record_id` in a `hub resolve` file). */
  id: string;
  source: string;
  /** The source's own key for the customer: one profile holds at most one per source. */
  externalId?: string;
  fields: Partial<Record<ResolutionField, string>>;
}

/** A flat row with canonical column names (record_id, source, external_id, then fields); blank cells are missing. */
export function recordFromRow(row: Record<string, string | undefined>): ResolutionRecord {
  const fields: ResolutionRecord['fields'] = {};
  for (const field of RESOLUTION_FIELDS) {
    const value = row[field]?.trim();
    if (value) fields[field] = value;
  }
  const externalId = row.external_id?.trim();
  return { id: String(row.record_id ?? '').trim(), source: row.source?.trim() || 'default', externalId: externalId || undefined, fields };
}
