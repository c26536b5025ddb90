import { TRAIT_FIELDS, type CanonicalField } from '../../../connectors/sdk/records';

/**
 * A record as the resolution engine reads it: the canonical fields but the keys, the source it came from,
 * and a key unique within one resolution run.
 */
export type ResolutionField = Exclude<CanonicalField, 'external_id' | 'customer_external_id'>;

export const RESOLUTION_FIELDS: readonly ResolutionField[] = TRAIT_FIELDS;

export interface ResolutionRecord {
  /** Unique within one run (`record_id` in a `hub resolve` file). */
  id: string;
  source: string;
  /** The source's own key for the customer: one profile holds at most one per source. */
  externalId?: string;
  fields: Partial<Record<ResolutionField, string>>;
}
