import type { CountryCode } from 'libphonenumber-js';
import { TRAIT_FIELDS, type CanonicalField } from '../../../connectors/sdk/records';

/**
 * Traits the engine never reads. A nickname (a WeChat display name, a social handle) is not a name: strangers
 * share 阳光 or "Sunny", and one person goes by several, so comparing it as a name would link the first and
 * keep the second apart.
 */
export const IGNORED_FIELDS = ['nickname'] as const satisfies readonly CanonicalField[];

/**
 * A record as the resolution engine reads it: the canonical fields but the keys and the ignored fields, the
 * source it came from, and a key unique within one resolution run.
 */
export type ResolutionField = Exclude<CanonicalField, 'external_id' | 'customer_external_id' | (typeof IGNORED_FIELDS)[number]>;

const isResolutionField = (field: CanonicalField): field is ResolutionField => !(IGNORED_FIELDS as readonly CanonicalField[]).includes(field);

/** In CANONICAL_FIELDS order, which `hub resolve` files and the benchmarks' data sets follow. */
export const RESOLUTION_FIELDS: readonly ResolutionField[] = TRAIT_FIELDS.filter(isResolutionField);

export interface ResolutionRecord {
  /** Unique within one run (`record_id` in a `hub resolve` file). */
  id: string;
  source: string;
  /** The source's own key for the customer: one profile holds at most one per source. */
  externalId?: string;
  fields: Partial<Record<ResolutionField, string>>;
  /** Its source's region: where a phone without a country code is read when the record's country says nothing. */
  region?: CountryCode;
}
