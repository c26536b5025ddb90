import type { SqlExecutor } from '../../platform/database/database';
import { consentKey, type DerivedConsent } from './consent-derivation';
import type { FieldValues } from './profile-changes';

/**
 * The SQL of consents: each record's statement about a profile's (channel, purpose), the one that holds
 * marked current. Rows are re-derived with the traits; when the hub learned a statement survives that.
 */

export interface ConsentRow {
  profileId: string;
  channel: string;
  purpose: string;
  status: string;
  source: string;
  sourceRecordId: string;
  statedAt: Date;
  learnedAt: Date;
  current: boolean;
}

interface StoredConsent {
  profile_id: string;
  channel: string;
  purpose: string;
  status: string;
  source_record_id: string;
  stated_at: Date | string;
  learned_at: Date | string;
  current: boolean;
}

/**
 * Makes the consents of `profileIds` the given ones; a statement already stored unchanged keeps its
 * learned_at. Returns the statuses that held before, by profile and `channel:purpose`.
 */
export async function replaceConsents(tx: SqlExecutor, profileIds: string[], consents: (DerivedConsent & { profileId: string })[]): Promise<Map<string, FieldValues>> {
  const removed =
    profileIds.length > 0
      ? await tx.query<StoredConsent>(
          'delete from consents where profile_id = any($1::text[]) returning profile_id, channel, purpose, status, source_record_id, stated_at, learned_at, current',
          [profileIds],
        )
      : [];
  const learned = new Map(removed.map((row) => [statementKey(row.source_record_id, row.channel, row.purpose, row.status, new Date(row.stated_at)), new Date(row.learned_at)]));
  if (consents.length > 0) {
    const now = new Date();
    await tx.query(
      `insert into consents (profile_id, channel, purpose, status, source, source_record_id, stated_at, learned_at, current)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::boolean[])`,
      [
        consents.map((consent) => consent.profileId),
        consents.map((consent) => consent.channel),
        consents.map((consent) => consent.purpose),
        consents.map((consent) => consent.status),
        consents.map((consent) => consent.source),
        consents.map((consent) => consent.sourceRecordId),
        consents.map((consent) => consent.statedAt),
        consents.map((consent) => learned.get(statementKey(consent.sourceRecordId, consent.channel, consent.purpose, consent.status, consent.statedAt)) ?? now),
        consents.map((consent) => consent.current),
      ],
    );
  }
  return statusesByProfile(removed.filter((row) => row.current).map((row) => ({ ...row, statedAt: new Date(row.stated_at) })));
}

/** Moves the statements of source records to another profile (a split); the caller re-derives both profiles. */
export async function moveConsents(tx: SqlExecutor, recordIds: readonly string[], profileId: string): Promise<void> {
  await tx.query('update consents set profile_id = $2 where source_record_id = any($1::text[])', [recordIds, profileId]);
}

/** Moves every statement of merged profiles to their survivors, who are re-derived next. */
export async function moveConsentsOfMerged(tx: SqlExecutor, merged: readonly string[], surviving: readonly string[]): Promise<void> {
  await tx.query('update consents c set profile_id = m.surviving from unnest($1::text[], $2::text[]) as m(merged, surviving) where c.profile_id = m.merged', [merged, surviving]);
}

/** The consents of the given profiles, the holding ones only unless `withLineage`, by profile. */
export async function consentsOf(executor: SqlExecutor, profileIds: readonly string[], withLineage = false): Promise<Map<string, ConsentRow[]>> {
  const rows = await executor.query<ConsentRow>(
    `select profile_id as "profileId", channel, purpose, status, source, source_record_id as "sourceRecordId", stated_at as "statedAt", learned_at as "learnedAt", current
       from consents where profile_id = any($1::text[]) and (current or $2::boolean)
      order by channel, purpose, current desc, stated_at desc`,
    [profileIds, withLineage],
  );
  const byProfile = new Map<string, ConsentRow[]>();
  for (const row of rows) {
    const list = byProfile.get(row.profileId) ?? [];
    list.push({ ...row, statedAt: new Date(row.statedAt), learnedAt: new Date(row.learnedAt) });
    byProfile.set(row.profileId, list);
  }
  return byProfile;
}

/** The holding status of each (channel, purpose) of the given profiles, by profile and `channel:purpose`: what webhooks compare. */
export async function consentStatusesOf(executor: SqlExecutor, profileIds: readonly string[]): Promise<Map<string, FieldValues>> {
  const rows = await executor.query<Pick<StoredConsent, 'profile_id' | 'channel' | 'purpose' | 'status' | 'stated_at'>>('select profile_id, channel, purpose, status, stated_at from consents where profile_id = any($1::text[]) and current', [profileIds]);
  return statusesByProfile(rows.map((row) => ({ ...row, statedAt: new Date(row.stated_at) })));
}

function statusesByProfile(rows: readonly { profile_id: string; channel: string; purpose: string; status: string; statedAt: Date }[]): Map<string, FieldValues> {
  const byProfile = new Map<string, FieldValues>();
  // Just before a merge two profiles' statements are both current: the later one is what the survivor held.
  for (const row of [...rows].sort((a, b) => a.statedAt.getTime() - b.statedAt.getTime())) {
    const values = byProfile.get(row.profile_id) ?? {};
    values[consentKey(row)] = row.status;
    byProfile.set(row.profile_id, values);
  }
  return byProfile;
}

function statementKey(sourceRecordId: string, channel: string, purpose: string, status: string, statedAt: Date): string {
  return `${sourceRecordId}|${channel}|${purpose}|${status}|${statedAt.getTime()}`;
}
