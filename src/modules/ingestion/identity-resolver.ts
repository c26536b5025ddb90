import type { SqlExecutor } from '../../platform/database/database';
import type { Identifier } from './identifiers';

/** One record of an ingestion batch, as the resolver sees it. */
export interface IncomingRecord {
  /** Unique within the batch (the record's external id: a batch has one source). */
  key: string;
  identifiers: Identifier[];
  /** The profile the record is attached to already, when it was ingested before. */
  currentProfileId?: string;
}

/** What the store already knows that could link the incoming records. */
export interface ResolutionCandidates {
  /** `type\u0000value` → the profile that owns that identifier. */
  identifierOwners: Map<string, string>;
}

export interface PlannedMerge {
  survivingProfileId: string;
  mergedProfileId: string;
  rule: string;
  evidence: Record<string, unknown>;
}

export interface ResolutionPlan {
  /** record key → the profile it belongs to after this batch. */
  assignments: Map<string, string>;
  /** Profiles the plan creates (ids from the factory it was given). */
  newProfileIds: Set<string>;
  merges: PlannedMerge[];
}

/**
 * The seam between ingestion and identity resolution: candidates are looked up in the store
 * (reads only, inside the ingestion transaction), the plan is decided without I/O.
 */
export interface IdentityResolver {
  readonly name: string;
  findCandidates(tx: SqlExecutor, records: IncomingRecord[]): Promise<ResolutionCandidates>;
  plan(records: IncomingRecord[], candidates: ResolutionCandidates, newProfileId: () => string): ResolutionPlan;
}

export function identifierKey(identifier: { type: string; value: string }): string {
  return `${identifier.type}\u0000${identifier.value}`;
}
