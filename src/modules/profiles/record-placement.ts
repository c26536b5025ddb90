import type { CountryCode } from 'libphonenumber-js';
import type { CanonicalRecord, Identifier } from '../../../connectors/sdk/records';
import type { SqlExecutor } from '../../platform/database/database';
import { replaceEvents } from './event.store';
import { applyMerges, type MergeWrite } from './merge-decision.store';
import type { ProfileSourceRecord } from './profile-derivation';
import { rederiveProfiles, type DerivationOptions, type TraitValues } from './profile-rederivation';
import { insertProfiles } from './profile.store';
import { upsertSourceRecords } from './source-record.store';

/** One record of a batch with the profile identity resolution placed it in. */
export interface PlacedRecord {
  externalId: string;
  sourceRecordId: string;
  profileId: string;
  record: CanonicalRecord;
  /** Its stored form (toPayload) and that form's hash: the record's version. */
  payload: Record<string, unknown>;
  contentHash: string;
  identifiers: Identifier[];
  /** The region of its source its phones were read in (a connection's region, `hub import --region`); unset: the hub's default. */
  phoneRegion?: CountryCode;
  /** Stored before this batch: its events are replaced, not added to. */
  wasStored: boolean;
}

/** What one resolved batch of one source does to the profile store. */
export interface RecordPlacement {
  source: string;
  records: PlacedRecord[];
  /** Profiles the batch creates (every record placed in one is in `records`). */
  newProfileIds: ReadonlySet<string>;
  merges: readonly MergeWrite[];
  /** Who decided the merges, e.g. `system:probabilistic`. */
  actor: string;
}

/**
 * Writes a resolved batch: new profiles, merges, the records themselves, the identities and traits of every
 * profile they touch, and their events. Returns the touched profiles' traits before and after.
 */
export async function placeRecords(tx: SqlExecutor, placement: RecordPlacement, options: DerivationOptions): Promise<TraitValues> {
  const { source, records, newProfileIds } = placement;
  await insertProfiles(tx, [...newProfileIds]);
  await applyMerges(tx, placement.merges, placement.actor);
  const written = await upsertSourceRecords(
    tx,
    source,
    records.map((placed) => ({
      id: placed.sourceRecordId,
      externalId: placed.externalId,
      profileId: placed.profileId,
      payload: placed.payload,
      contentHash: placed.contentHash,
      observedAt: placed.record.updatedAt ?? null,
      phoneRegion: placed.phoneRegion,
    })),
  );

  // New profiles consist of this batch's records only; profiles that existed are re-derived from all they hold.
  const fresh = new Map<string, ProfileSourceRecord[]>();
  for (const placed of records) {
    if (!newProfileIds.has(placed.profileId)) continue;
    const row = written.get(placed.externalId)!;
    const list = fresh.get(placed.profileId) ?? [];
    list.push({ id: row.id, source, record: placed.record, observedAt: row.observedAt, firstSeenAt: row.firstSeenAt, phoneRegion: placed.phoneRegion, identifiers: placed.identifiers });
    fresh.set(placed.profileId, list);
  }
  const existingProfiles = [...new Set(records.map((placed) => placed.profileId).filter((id) => !newProfileIds.has(id)))];
  const traitValues = await rederiveProfiles(tx, fresh, existingProfiles, options);
  await replaceEvents(
    tx,
    source,
    records.map((placed) => ({ profileId: placed.profileId, sourceRecordId: written.get(placed.externalId)!.id, events: placed.record.events })),
    records.filter((placed) => placed.wasStored).map((placed) => placed.sourceRecordId),
  );
  return traitValues;
}
