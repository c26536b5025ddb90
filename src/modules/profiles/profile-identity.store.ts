import { identifierKey } from '../../../connectors/sdk/records';
import type { SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import type { DerivedIdentity } from './profile-derivation';

/** The SQL of identities: the identifiers each profile holds, derived from its records. */

/** Makes the identities of the given profiles exactly `identities` (by profile). */
export async function replaceIdentities(tx: SqlExecutor, profileIds: string[], identities: (DerivedIdentity & { profileId: string })[], pruneStale: boolean): Promise<void> {
  // Identities of profiles created in this transaction cannot exist yet: COPY. The others are upserted.
  const existing = new Set(profileIds);
  const [upserted, fresh] = [identities.filter((identity) => existing.has(identity.profileId)), identities.filter((identity) => !existing.has(identity.profileId))];
  await tx.copyRows(
    'identities',
    ['id', 'profile_id', 'type', 'value', 'raw_value', 'source', 'source_record_id'],
    fresh.map((identity) => [newId('identity'), identity.profileId, identity.type, identity.value, identity.raw, identity.source, identity.sourceRecordId]),
  );
  if (upserted.length > 0) {
    await tx.query(
      `insert into identities (id, profile_id, type, value, raw_value, source, source_record_id)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       on conflict (type, value, profile_id) do update
          set raw_value = excluded.raw_value, source = excluded.source, source_record_id = excluded.source_record_id`,
      [
        upserted.map(() => newId('identity')),
        upserted.map((identity) => identity.profileId),
        upserted.map((identity) => identity.type),
        upserted.map((identity) => identity.value),
        upserted.map((identity) => identity.raw),
        upserted.map((identity) => identity.source),
        upserted.map((identity) => identity.sourceRecordId),
      ],
    );
  }
  if (pruneStale && profileIds.length > 0) {
    await tx.query(
      `delete from identities i
        where i.profile_id = any($1::text[])
          and (i.profile_id, i.type, i.value) not in (select * from unnest($2::text[], $3::text[], $4::text[]))`,
      [profileIds, identities.map((identity) => identity.profileId), identities.map((identity) => identity.type), identities.map((identity) => identity.value)],
    );
  }
}

/**
 * How many live profiles hold each of the given identifiers, by identifierKey: profiles stay apart when their
 * records conflict, so this is how many different people share a value (a household phone, an agency e-mail).
 */
export async function profilesHoldingIdentifiers(executor: SqlExecutor, identifiers: readonly { type: string; value: string }[]): Promise<Map<string, number>> {
  if (identifiers.length === 0) return new Map();
  const rows = await executor.query<{ type: string; value: string; profiles: number }>(
    `select i.type, i.value, count(distinct i.profile_id)::int as profiles
       from unnest($1::text[], $2::text[]) as wanted(type, value)
       join identities i on i.type = wanted.type and i.value = wanted.value
      group by i.type, i.value`,
    [identifiers.map((identifier) => identifier.type), identifiers.map((identifier) => identifier.value)],
  );
  return new Map(rows.map((row) => [identifierKey(row), row.profiles]));
}
