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
