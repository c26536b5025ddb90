import type { CountryCode } from 'libphonenumber-js';
import type { CanonicalRecord, Identifier } from '../../../connectors/sdk/records';
import type { SqlExecutor } from '../../platform/database/database';
import type { MergeWrite } from '../profiles';
import type { ValueTurnedGeneric } from './identifier-holders';

/** One record of an ingestion batch, as the resolver sees it. */
export interface IncomingRecord {
  /** Unique within the batch (the record's external id: a batch has one source). */
  key: string;
  source: string;
  record: CanonicalRecord;
  identifiers: Identifier[];
  /** Its source's region (a connection's `region`, `hub import --region`): where its phones are read, after its own country. */
  region?: CountryCode;
  /** Hash of its canonical payload: the version of the record. */
  contentHash?: string;
  /** The id it is stored under (or will be, when new); set before candidates are looked up. */
  sourceRecordId?: string;
  /** The profile the record is attached to already, when it was ingested before. */
  currentProfileId?: string;
}

/** A merge the resolver decided, as the profile store records it. */
export type PlannedMerge = MergeWrite;

export interface ResolutionPlan {
  /** record key → the profile it belongs to after this batch. */
  assignments: Map<string, string>;
  /** Profiles the plan creates (ids from the factory it was given). */
  newProfileIds: Set<string>;
  merges: PlannedMerge[];
  /**
   * Identifier values this batch made generic (held by the records of GENERIC_PEOPLE people or more). What
   * such a value alone had joined among its stored holders is split again after the batch is written.
   */
  turnedGeneric?: ValueTurnedGeneric[];
}

/**
 * The seam between ingestion and identity resolution. Per batch, `prepare` ahead of the transaction, then inside it:
 * `lock` (before anything is read), `findCandidates` (reads only), `plan` (no I/O), `confirm` (locks
 * what the plan changes and checks it is still as read), the batch is written, then `afterWrite` stores
 * the resolver's own state. A resolver throws ResolutionConflict when a concurrent batch changed what it
 * read; ingestion then retries the batch.
 */
export interface IdentityResolver<Candidates = unknown> {
  readonly name: string;
  /** Work on the records that needs no store (normalizing), done before the transaction; optional. */
  prepare?(records: IncomingRecord[]): void;
  lock(tx: SqlExecutor, records: IncomingRecord[]): Promise<void>;
  findCandidates(tx: SqlExecutor, records: IncomingRecord[]): Promise<Candidates>;
  plan(records: IncomingRecord[], candidates: Candidates, newProfileId: () => string): ResolutionPlan;
  confirm(tx: SqlExecutor, plan: ResolutionPlan): Promise<void>;
  afterWrite(tx: SqlExecutor, records: IncomingRecord[], plan: ResolutionPlan): Promise<void>;
}

/** A concurrent batch changed a profile this batch had read: the batch is retried from the start. */
export class ResolutionConflict extends Error {
  constructor(reason: string) {
    super(`identity resolution conflict: ${reason}`);
    this.name = 'ResolutionConflict';
  }
}
