import { createHash } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js';
import { stringify } from 'safe-stable-stringify';
import { extractIdentifiers, parseCanonicalRecord, quoteValue, toPayload, type CanonicalRecord, type IdentifierReading } from '../../../connectors/sdk/records';
import { HubError } from '../../errors/hub-error';
import type { Database, SqlExecutor } from '../../platform/database/database';
import { withSavepoint } from '../../platform/database/savepoint';
import type { TableUpkeep } from '../../platform/database/table-upkeep';
import { newId } from '../../platform/ids';
import { ResolutionConflict, type IdentityResolver, type IncomingRecord, type ResolutionPlan, type ScopedReresolution, type ValueTurnedGeneric } from '../identity';
import { findStoredRecords, placeRecords, profileChange, type ProfileChangePipeline, type StoredRecordState, type SurvivorshipRules, type TraitValues } from '../profiles';
import { parseSourceRegion } from './source-region';

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
  /** Records not stored because they carry an identifier of an erased person (the suppression list). */
  suppressed: number;
  merges: number;
  /** The live profiles this batch created or changed. */
  profileIds: string[];
}

/** How the records of one batch are read. */
export interface BatchOptions {
  /**
   * The region of their source (a connection's `region`, `hub import --region`): where a phone written without
   * a country code is read when the record's own country says nothing, before HUB_DEFAULT_REGION. An ISO
   * 3166-1 alpha-2 code, any case; another value rejects the batch (BAD_USER_INPUT).
   */
  region?: string;
}

/** A batch validated and prepared for ingestion (see IngestionService.prepare). */
export interface PreparedBatch {
  source: string;
  read: number;
  rejections: Rejection[];
  accepted: AcceptedRecord[];
}

interface AcceptedRecord {
  /** Position of the record in the batch it was sent in. */
  index: number;
  record: CanonicalRecord;
  payload: Record<string, unknown>;
  hash: string;
  incoming: IncomingRecord;
}

const SOURCE_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/i;
// A batch that lost a race with a concurrent one (a profile it read was merged meanwhile, a deadlock
// between their locks) is tried again this often before the error reaches the caller.
const MAX_ATTEMPTS = 4;
const DEADLOCK_DETECTED = '40P01';
const PREPARE_CHUNK = 100;

export interface IngestionOptions {
  /** How identifiers are read: the same reading profile lookups use. */
  reading: IdentifierReading;
  resolver: IdentityResolver;
  survivorship?: SurvivorshipRules;
  /** Told what each batch did to profiles, in its transaction (computed traits, segment memberships, the outbox). */
  pipeline: ProfileChangePipeline;
  /** Told how many records each batch wrote, to keep the tables' statistics fresh where autovacuum is off. */
  upkeep?: TableUpkeep;
  /** Splits again what identifier values a batch made generic had joined (the identity module's re-resolution). */
  genericValues?: { splitWhatTurnedGeneric(tx: SqlExecutor, values: readonly ValueTurnedGeneric[]): Promise<ScopedReresolution> };
  /** The erased people not to take back (the privacy module's suppression list); absent, nothing is suppressed. */
  suppressions?: SuppressionCheck;
}

/** Which records of a batch (each given by its identifiers) carry an identifier of an erased person. */
export interface SuppressionCheck {
  suppressedAmong(tx: SqlExecutor, records: readonly (readonly { type: string; value: string }[])[]): Promise<Set<number>>;
}

/**
 * The one way data enters the profile store (GraphQL pushes, CSV import, connectors, the demo).
 * A batch is one transaction: stored records, identities, traits, events and merges all commit or none do.
 */
export class IngestionService {
  private readonly resolver: IdentityResolver;

  constructor(
    private readonly database: Database,
    private readonly options: IngestionOptions,
  ) {
    this.resolver = options.resolver;
  }

  async ingest(source: string, rawRecords: unknown[], options: BatchOptions = {}): Promise<IngestionResult> {
    return this.ingestPrepared(await this.prepare(source, rawRecords, options));
  }

  /**
   * The same, inside a transaction the caller owns: a sync run stores a page of records and the
   * checkpoint that covers them in one commit.
   */
  async ingestInTransaction(tx: SqlExecutor, source: string, rawRecords: unknown[], options: BatchOptions = {}): Promise<IngestionResult> {
    return this.counted(await this.ingestPreparedInTransaction(tx, await this.prepare(source, rawRecords, options)));
  }

  /**
   * Everything a batch needs that the store does not: validation, identifiers, content hashes and the
   * resolver's own preparation (normalizing). A bulk load prepares the next batch while the database writes
   * this one; the work yields now and then, so the statements of the batch in flight are not held up.
   */
  async prepare(source: string, rawRecords: unknown[], options: BatchOptions = {}): Promise<PreparedBatch> {
    if (!SOURCE_NAME.test(source)) {
      throw new HubError('BAD_USER_INPUT', `Source name '${quoteValue(source)}' is invalid: use 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit.`);
    }
    const region = options.region === undefined ? undefined : parseSourceRegion(options.region);
    const rejections: Rejection[] = [];
    const accepted: AcceptedRecord[] = [];
    for (let start = 0; start < rawRecords.length; start += PREPARE_CHUNK) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      const chunk = this.acceptRecords(source, region, rawRecords.slice(start, start + PREPARE_CHUNK), start, rejections);
      this.resolver.prepare?.(chunk.map((item) => item.incoming));
      accepted.push(...chunk);
    }
    return { source, read: rawRecords.length, rejections, accepted };
  }

  async ingestPrepared(batch: PreparedBatch): Promise<IngestionResult> {
    return this.counted(await this.database.transaction((tx) => this.ingestPreparedInTransaction(tx, batch)));
  }

  private counted(result: IngestionResult): IngestionResult {
    this.options.upkeep?.recordsWritten(result.created + result.updated);
    return result;
  }

  private async ingestPreparedInTransaction(tx: SqlExecutor, batch: PreparedBatch): Promise<IngestionResult> {
    const { source, rejections } = batch;
    // An erased person's records are not stored, in every path (push, sync, import), until the suppression is lifted.
    const suppressed = this.options.suppressions && batch.accepted.length > 0 ? await this.options.suppressions.suppressedAmong(tx, batch.accepted.map((item) => item.incoming.identifiers)) : new Set<number>();
    const accepted = suppressed.size === 0 ? batch.accepted : batch.accepted.filter((_, position) => !suppressed.has(position));
    const result = (): IngestionResult => ({ read: batch.read, created: 0, updated: 0, unchanged: 0, rejected: rejections.length, rejections, suppressed: suppressed.size, merges: 0, profileIds: [] });
    if (accepted.length === 0) return result();
    try {
      return await this.writeWithRetries(tx, source, accepted, result);
    } catch (error) {
      if (!isRefusedValue(error)) throw error;
      return this.writeOneByOne(tx, source, accepted, result());
    }
  }

  private async writeWithRetries(tx: SqlExecutor, source: string, accepted: AcceptedRecord[], result: () => IngestionResult): Promise<IngestionResult> {
    // A savepoint per attempt: a retried batch leaves nothing of its first try, not even its locks.
    for (let attempt = 1; ; attempt++) {
      try {
        return await withSavepoint(tx, 'ingest_batch', () => this.resolveAndWrite(tx, source, accepted, result()));
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      }
    }
  }

  /**
   * The last line of defence behind validation: when the database refuses a value of the batch, the batch is
   * written again record by record, each in a savepoint of its own, and the record it refuses is rejected with
   * its index while the others are stored. The refusal names the SQLSTATE, never the value.
   */
  private async writeOneByOne(tx: SqlExecutor, source: string, accepted: AcceptedRecord[], total: IngestionResult): Promise<IngestionResult> {
    total.rejections = [...total.rejections];
    for (const item of accepted) {
      try {
        const one = await this.writeWithRetries(tx, source, [item], () => ({ ...total, created: 0, updated: 0, unchanged: 0, merges: 0, profileIds: [], rejections: [] }));
        total.created += one.created;
        total.updated += one.updated;
        total.unchanged += one.unchanged;
        total.merges += one.merges;
        total.profileIds = unique([...total.profileIds, ...one.profileIds]);
      } catch (error) {
        if (!isRefusedValue(error)) throw error;
        total.rejections.push({ index: item.index, reason: refusalReason(error) });
      }
    }
    total.rejections.sort((a, b) => a.index - b.index);
    total.rejected = total.rejections.length;
    return total;
  }

  private async resolveAndWrite(tx: SqlExecutor, source: string, accepted: AcceptedRecord[], result: IngestionResult): Promise<IngestionResult> {
    const keys = unique(accepted.map((a) => a.incoming.key));
    // Read once without locks to learn what changed (often nothing: a sync re-reading a page), then lock
    // what resolution will touch and read again: only the second read is trusted.
    const unlocked = { ...result };
    const changing = this.countChanges(accepted, await findStoredRecords(tx, source, keys), unlocked);
    if (changing.length === 0) return unlocked;
    await this.resolver.lock(tx, changing.map((item) => item.incoming));
    const stored = await findStoredRecords(tx, source, keys);
    const latest = this.countChanges(accepted, stored, result);
    if (latest.length === 0) return result;
    const locked = new Set(changing.map((item) => item.incoming.key));
    if (latest.some((item) => !locked.has(item.incoming.key))) throw new ResolutionConflict('a record of the batch was changed by another batch meanwhile');

    for (const item of latest) {
      const state = stored.get(item.incoming.key);
      item.incoming.currentProfileId = state?.profileId;
      item.incoming.sourceRecordId = state?.id ?? newId('sourceRecord');
    }
    const incoming = latest.map((item) => item.incoming);
    const plan = this.resolver.plan(incoming, await this.resolver.findCandidates(tx, incoming), () => newId('profile'));
    await this.resolver.confirm(tx, plan);
    const { traitsBefore, traitsAfter, consentsBefore, consentsAfter } = await this.writeBatch(tx, source, latest, stored, plan);
    await this.resolver.afterWrite(tx, incoming, plan);
    result.merges = plan.merges.length;
    result.profileIds = unique([...plan.assignments.values()]);
    const splits = plan.turnedGeneric && this.options.genericValues ? await this.options.genericValues.splitWhatTurnedGeneric(tx, plan.turnedGeneric) : undefined;
    if (splits && splits.created.length > 0) {
      // A record of the batch may have moved with a split: its profile is read again.
      const moved = await findStoredRecords(tx, source, latest.map((item) => item.incoming.key));
      result.profileIds = unique(latest.map((item) => moved.get(item.incoming.key)!.profileId));
    }
    await this.options.pipeline.run(
      tx,
      profileChange({
        changed: unique([...result.profileIds, ...(splits?.changed ?? [])]),
        created: [...plan.newProfileIds, ...(splits?.created ?? [])],
        merged: plan.merges.map((merge) => ({ profileId: merge.mergedProfileId, survivorId: merge.survivingProfileId })),
        split: splits?.split,
        // Before: as the batch found them; after: as the splits left them.
        traitsBefore: new Map([...(splits?.traits.traitsBefore ?? []), ...traitsBefore]),
        traitsAfter: new Map([...traitsAfter, ...(splits?.traits.traitsAfter ?? [])]),
        consentsBefore: new Map([...(splits?.traits.consentsBefore ?? []), ...(consentsBefore ?? [])]),
        consentsAfter: new Map([...(consentsAfter ?? []), ...(splits?.traits.consentsAfter ?? [])]),
      }),
    );
    return result;
  }

  private acceptRecords(source: string, region: CountryCode | undefined, rawRecords: unknown[], offset: number, rejections: Rejection[]): AcceptedRecord[] {
    const accepted: AcceptedRecord[] = [];
    const reading: IdentifierReading = region ? { ...this.options.reading, sourceRegion: region } : this.options.reading;
    rawRecords.forEach((raw, position) => {
      const index = offset + position;
      const parsed = parseCanonicalRecord(raw);
      const identified = parsed.ok ? extractIdentifiers(source, parsed.record, reading) : parsed;
      if (!parsed.ok || !identified.ok) {
        rejections.push({ index, reason: (identified as { reason: string }).reason });
        return;
      }
      const payload = toPayload(parsed.record);
      const hash = contentHash(payload, region);
      const incoming: IncomingRecord = { key: parsed.record.externalId, source, record: parsed.record, identifiers: identified.identifiers, contentHash: hash };
      if (region) incoming.region = region;
      accepted.push({ index, record: parsed.record, payload, hash, incoming });
    });
    return accepted;
  }

  /** Counts each record as if the batch were applied in order; returns the last version of each changed record. */
  private countChanges(accepted: AcceptedRecord[], stored: Map<string, StoredRecordState>, result: IngestionResult): AcceptedRecord[] {
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

  /** Writes the batch to the profile store; returns its profiles' traits before and after. */
  private writeBatch(tx: SqlExecutor, source: string, latest: AcceptedRecord[], stored: Map<string, StoredRecordState>, plan: ResolutionPlan): Promise<TraitValues> {
    return placeRecords(
      tx,
      {
        source,
        records: latest.map((item) => ({
          externalId: item.incoming.key,
          sourceRecordId: item.incoming.sourceRecordId!,
          profileId: plan.assignments.get(item.incoming.key)!,
          record: item.record,
          payload: item.payload,
          contentHash: item.hash,
          identifiers: item.incoming.identifiers,
          phoneRegion: item.incoming.region,
          wasStored: stored.has(item.incoming.key),
        })),
        newProfileIds: plan.newProfileIds,
        merges: plan.merges,
        actor: `system:${this.resolver.name}`,
      },
      { reading: this.options.reading, survivorship: this.options.survivorship },
    );
  }
}

function isRetryable(error: unknown): boolean {
  return error instanceof ResolutionConflict || (error as { code?: unknown })?.code === DEADLOCK_DETECTED;
}

/**
 * A value the database cannot hold: data exceptions (class 22: numbers past their column, dates out of range,
 * characters it cannot store), program limits (class 54: a value too large to index), NOT NULL and CHECK.
 */
function isRefusedValue(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (/^(22|54)[0-9A-Z]{3}$/.test(code) || code === '23502' || code === '23514');
}

const REFUSALS: Record<string, string> = {
  '22003': 'a number is out of range for its column',
  '22007': 'a date or time is invalid',
  '22008': 'a date or time is out of range',
  '22021': 'a text holds a character the database cannot store',
  '22P02': 'a value has invalid syntax for its column',
  '22P05': 'a text holds a character the database cannot store',
  '54000': 'a value is too large to store or index',
};

function refusalReason(error: unknown): string {
  const code = (error as { code: string }).code;
  return `the database refused a value of this record (SQLSTATE ${code}: ${REFUSALS[code] ?? 'the value does not fit its column'})`;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/**
 * Key-order independent, so the same record sent with its fields reordered is still "unchanged". The region its
 * phones are read in is part of the version (a record re-sent from another region is "updated", and the
 * resolver's cache of normalized records, keyed by version, reads it anew); without one, the hash is the
 * payload's alone, as it was before sources had regions.
 */
function contentHash(payload: Record<string, unknown>, region: CountryCode | undefined): string {
  const hash = createHash('sha256').update(stringify(payload) ?? '');
  if (region) hash.update(`|${region}`);
  return hash.digest('base64url');
}
