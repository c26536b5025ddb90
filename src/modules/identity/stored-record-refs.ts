import type { SqlExecutor } from '../../platform/database/database';
import { findRecordRefs, findRecordRefsByExternalId, listProfileMembers, type StoredRecordRef } from '../profiles';
import { blockingKeyHash } from './blocking-key-hash';
import { contentVersion, type KeyHit } from './blocking-key.store';

/** A stored record without its payload, with the version its normalized form is cached under. */
export interface VersionedRecordRef extends StoredRecordRef {
  contentVersion: string;
}

function versioned(ref: StoredRecordRef): VersionedRecordRef {
  return { ...ref, contentVersion: contentVersion(ref.contentHash) };
}

/** The stored records with the given ids: the candidates a batch's key hits leave. */
export async function candidateRecords(executor: SqlExecutor, sourceRecordIds: readonly string[]): Promise<VersionedRecordRef[]> {
  return (await findRecordRefs(executor, sourceRecordIds)).map(versioned);
}

/**
 * Every record of the given profiles (a profile is joined whole, so its limits and constraints are checked
 * whole): the resolver normalizes them from its cache and reads only the payloads it lacks.
 */
export async function profileMembers(executor: SqlExecutor, profileIds: readonly string[]): Promise<VersionedRecordRef[]> {
  return (await listProfileMembers(executor, profileIds)).map(versioned);
}

/**
 * The customer records (by external id, in `source`) that batch records belong to, as hits on the key those
 * records hold for them: customers do not store their own id as a blocking key, they are found by it directly.
 */
export async function findCustomerRecords(executor: SqlExecutor, source: string, externalIds: readonly string[]): Promise<KeyHit[]> {
  return (await findRecordRefsByExternalId(executor, source, externalIds)).map((ref) => ({
    sourceRecordId: ref.sourceRecordId,
    source: ref.source,
    contentVersion: contentVersion(ref.contentHash),
    keyHashes: [blockingKeyHash(`id.external_id:${source}:${ref.externalId}`)],
    personKey: ref.externalId,
  }));
}
