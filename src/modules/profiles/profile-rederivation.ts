import type { IdentifierReading } from '../../../connectors/sdk/records';
import type { SqlExecutor } from '../../platform/database/database';
import { consentKey, deriveConsents } from './consent-derivation';
import { replaceConsents } from './consent.store';
import type { FieldValues } from './profile-changes';
import { deriveIdentities, deriveTraits, type ProfileSourceRecord } from './profile-derivation';
import { replaceIdentities } from './profile-identity.store';
import { touchProfiles } from './profile.store';
import { loadProfileRecords } from './source-record.store';
import type { SurvivorshipRules } from './survivorship';
import { replaceTraits, typeTraits } from './trait.store';
import { setOwn } from '../../platform/own-keys';

export interface DerivationOptions {
  /** How identifier values are read (the same reading profile lookups use). */
  reading: IdentifierReading;
  survivorship?: SurvivorshipRules;
}

/**
 * Makes the identities and traits of the given profiles what their source records say. `fresh` profiles
 * were created in this transaction and hold exactly the records given; `existing` ones are read whole
 * from the store (after the caller moved or wrote their records). Returns the traits the existing ones
 * had before and every one's traits after.
 */
export async function rederiveProfiles(tx: SqlExecutor, fresh: Map<string, ProfileSourceRecord[]>, existing: string[], options: DerivationOptions): Promise<TraitValues> {
  const recordsByProfile = new Map(fresh);
  for (const [profileId, records] of await loadProfileRecords(tx, existing)) recordsByProfile.set(profileId, records);
  const identities = [...recordsByProfile].flatMap(([profileId, records]) => deriveIdentities(records, options.reading).map((identity) => ({ ...identity, profileId })));
  // Typed before anything sees them: the store, and the webhooks comparing before and after, get one value.
  const traits = await typeTraits(tx, [...recordsByProfile].flatMap(([profileId, records]) => deriveTraits(records, options.survivorship).map((trait) => ({ ...trait, profileId }))));
  const consents = [...recordsByProfile].flatMap(([profileId, records]) => deriveConsents(records).map((consent) => ({ ...consent, profileId })));
  await replaceIdentities(tx, existing, identities, true);
  const traitsBefore = await replaceTraits(tx, existing, traits, true);
  // Fresh profiles too: a merge may have moved another profile's statements onto one.
  const consentsBefore = await replaceConsents(tx, [...recordsByProfile.keys()], consents);
  await touchProfiles(tx, existing);
  const traitsAfter = new Map<string, FieldValues>([...recordsByProfile.keys()].map((profileId) => [profileId, {}]));
  for (const trait of traits) setOwn(traitsAfter.get(trait.profileId)!, trait.key, trait.value);
  const consentsAfter = new Map<string, FieldValues>([...recordsByProfile.keys()].map((profileId) => [profileId, {}]));
  for (const consent of consents) if (consent.current) setOwn(consentsAfter.get(consent.profileId)!, consentKey(consent), consent.status);
  return { traitsBefore, traitsAfter, consentsBefore, consentsAfter };
}

/** The traits of re-derived profiles before and after, by profile and key: what webhooks report as changed. */
export interface TraitValues {
  traitsBefore: Map<string, FieldValues>;
  traitsAfter: Map<string, FieldValues>;
  /** The holding consent statuses before and after, by profile and `channel:purpose` (absent: not re-derived). */
  consentsBefore?: Map<string, FieldValues>;
  consentsAfter?: Map<string, FieldValues>;
}
