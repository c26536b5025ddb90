/**
 * The record vocabulary: what a connector's records are made of and how their identifiers are read. It is
 * the connector contract's data half, so it lives here; ingestion, the profile store, the identity engine
 * and `hub resolve` import it from here, and nothing in it knows of the hub.
 */
export {
  CANONICAL_FIELDS,
  EVENT_TYPES,
  TRAIT_FIELDS,
  parseCanonicalRecord,
  type CanonicalEvent,
  type CanonicalField,
  type CanonicalRecord,
} from './canonical-record';
export {
  CONSENT_CHANNELS,
  CONSENT_FIELD_PATTERN,
  CONSENT_PURPOSE_PATTERN,
  CONSENT_STATUSES,
  consentFieldName,
  type ConsentChannel,
  type ConsentStatus,
} from './consent-fields';
export { IDENTITY_TYPES, identifierKey, isIdentityType, type Identifier, type IdentityType } from './identifier-types';
export { extractIdentifiers, normalizeIdentifier, type IdentifierReading } from './identifiers';
export { phoneRegionOf } from './normalize/country';
export { DEFAULT_EMAIL_PROVIDERS, normalizeEmail, type EmailProviderRule, type NormalizedEmail } from './normalize/email';
export { maskParts, maskedMatches, matchesMask } from './normalize/masked-values';
export { isIdentifyingNationalId, normalizeNationalId } from './normalize/national-id';
export { normalizePhone, type NormalizedPhone } from './normalize/phone';
export { toPayload } from './record-payload';
export { QUOTED_PREFIX, quoteValue } from './value-limits';
