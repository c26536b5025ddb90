import type { CountryCode } from 'libphonenumber-js';
import type { Database, SqlExecutor } from '../../platform/database/database';
import { HubError } from '../../errors/hub-error';
import { newId } from '../../platform/ids';
import { deriveIdentities, deriveTraits, type ProfileSourceRecord } from '../profiles/profile-derivation';
import { parseCanonicalRecord, type CanonicalRecord } from './canonical-record';
import { exactMatchResolver } from './exact-match.resolver';
import { extractIdentifiers } from './identifiers';
import type { IdentityResolver, IncomingRecord, ResolutionPlan } from './identity-resolver';
import * as store from './ingestion.store';
import { contentHash, toPayload } from './record-payload';

export interface Rejection {
  /** Position of the record in the batch it was sent in. */
  index: number;
  reason: string;
}

export interface IngestionResult {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejections: Rejection[];
  merges: number;
  /** The live profiles this batch created or changed. */
  profileIds: string[];
}

interface AcceptedRecord {
  record: CanonicalRecord;
  payload: Record<string, unknown>;
  hash: string;
  incoming: IncomingRecord;
}

const SOURCE_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/i;

/**
 * The one way data enters the profile store (GraphQL pushes, CSV import, connectors, the demo).
 * A batch is one transaction: stored records, identities, traits, events and merges all commit or none do.
 */
export class IngestionService {
  constructor(
    private readonly database: Database,
    private readonly options: { defaultRegion: CountryCode; resolver?: IdentityResolver },
  ) {}

  private get resolver(): IdentityResolver {
    return this.options.resolver ?? exactMatchResolver;
  }

  async ingest(source: string, rawRecords: unknown[]): Promise<IngestionResult> {
    return this.database.transaction((tx) => this.ingestInTransaction(tx, source, rawRecords));
  }

  /**
   * The same, inside a transaction the caller owns: a sync run stores a page of records and the
   * checkpoint that covers them in one commit.
   */
  async ingestInTransaction(tx: SqlExecutor, source: string, rawRecords: unknown[]): Promise<IngestionResult> {
    const actor = `system:${this.resolver.name}`;
    if (!SOURCE_NAME.test(source)) {
      throw new HubError('BAD_USER_INPUT', `Source name '${source}' is invalid: use 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit.`);
    }
    const result: IngestionResult = { read: rawRecords.length, created: 0, updated: 0, unchanged: 0, rejected: 0, rejections: [], merges: 0, profileIds: [] };
    const accepted = this.acceptRecords(source, rawRecords, result);
    if (accepted.length === 0) return result;

    await store.lockResolution(tx);
    const stored = await store.findStoredRecords(tx, source, unique(accepted.map((a) => a.incoming.key)));
    const latest = this.countChanges(accepted, stored, result);
    if (latest.length === 0) return result;

    for (const item of latest) item.incoming.currentProfileId = stored.get(item.incoming.key)?.profileId;
    const incoming = latest.map((item) => item.incoming);
    const plan = this.resolver.plan(incoming, await this.resolver.findCandidates(tx, incoming), () => newId('profile'));
    await this.writeBatch(tx, source, latest, stored, plan, actor);
    result.merges = plan.merges.length;
    result.profileIds = unique([...plan.assignments.values()]);
    return result;
  }

  private acceptRecords(source: string, rawRecords: unknown[], result: IngestionResult): AcceptedRecord[] {
    const accepted: AcceptedRecord[] = [];
    rawRecords.forEach((raw, index) => {
      const parsed = parseCanonicalRecord(raw);
      const identified = parsed.ok ? extractIdentifiers(source, parsed.record, this.options.defaultRegion) : parsed;
      if (!parsed.ok || !identified.ok) {
        result.rejected++;
        result.rejections.push({ index, reason: (identified as { reason: string }).reason });
        return;
      }
      const payload = toPayload(parsed.record);
      accepted.push({ record: parsed.record, payload, hash: contentHash(payload), incoming: { key: parsed.record.externalId, identifiers: identified.identifiers } });
    });
    return accepted;
  }

  /** Counts each record as if the batch were applied in order; returns the last version of each changed record. */
  private countChanges(accepted: AcceptedRecord[], stored: Map<string, store.StoredRecordState>, result: IngestionResult): AcceptedRecord[] {
    const lastHash = new Map<string, string>([...stored].map(([key, state]) => [key, state.contentHash]));
    const latest = new Map<string, AcceptedRecord>();
    for (const item of accepted) {
      const previous = lastHash.get(item.incoming.key);
      if (previous === undefined) result.created++;
      else if (previous === item.hash) result.unchanged++;
      else result.updated++;
      lastHash.set(item.incoming.key, item.hash);
      latest.set(item.incoming.key, item);
    }
    return [...latest.values()].filter((item) => stored.get(item.incoming.key)?.contentHash !== item.hash);
  }

  private async writeBatch(tx: SqlExecutor, source: string, latest: AcceptedRecord[], stored: Map<string, store.StoredRecordState>, plan: ResolutionPlan, actor: string): Promise<void> {
    const profileOf = (item: AcceptedRecord) => plan.assignments.get(item.incoming.key)!;
    await store.insertProfiles(tx, [...plan.newProfileIds]);
    await store.applyMerges(tx, plan.merges, actor);
    const written = await store.upsertSourceRecords(
      tx,
      source,
      latest.map((item) => ({
        id: stored.get(item.incoming.key)?.id ?? newId('sourceRecord'),
        externalId: item.incoming.key,
        profileId: profileOf(item),
        payload: item.payload,
        contentHash: item.hash,
        observedAt: item.record.updatedAt ?? null,
      })),
    );

    // New profiles consist of this batch's records only; profiles that existed are re-derived from all they hold.
    const recordsByProfile = new Map<string, ProfileSourceRecord[]>();
    for (const item of latest) {
      const profileId = profileOf(item);
      if (!plan.newProfileIds.has(profileId)) continue;
      const row = written.get(item.incoming.key)!;
      const list = recordsByProfile.get(profileId) ?? [];
      list.push({ id: row.id, source, record: item.record, observedAt: row.observedAt, firstSeenAt: row.firstSeenAt, identifiers: item.incoming.identifiers });
      recordsByProfile.set(profileId, list);
    }
    const existingProfiles = unique([...plan.assignments.values()].filter((id) => !plan.newProfileIds.has(id)));
    for (const [profileId, records] of await store.loadProfileRecords(tx, existingProfiles)) recordsByProfile.set(profileId, records);

    const identities = [...recordsByProfile].flatMap(([profileId, records]) =>
      deriveIdentities(records, this.options.defaultRegion).map((identity) => ({ ...identity, profileId })),
    );
    const traits = [...recordsByProfile].flatMap(([profileId, records]) => deriveTraits(records).map((trait) => ({ ...trait, profileId })));
    await store.replaceIdentities(tx, existingProfiles, identities, true);
    await store.replaceTraits(tx, existingProfiles, traits, true);
    await store.replaceEvents(
      tx,
      source,
      latest.map((item) => ({ profileId: profileOf(item), sourceRecordId: written.get(item.incoming.key)!.id, events: item.record.events })),
      latest.flatMap((item) => (stored.has(item.incoming.key) ? [stored.get(item.incoming.key)!.id] : [])),
    );
    await store.touchProfiles(tx, existingProfiles);
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
