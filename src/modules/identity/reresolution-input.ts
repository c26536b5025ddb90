import type { SqlExecutor } from '../../platform/database/database';
import { pageStoredRecords, type StoredRecordRef, type StoredRecordWithPayload } from '../profiles';
import { contentVersion } from './blocking-key.store';
import type { ResolutionConstraints } from './engine';
import { allConstraints, findConstraints } from './record-constraints.store';
import { resolutionRecordOf } from './resolution-input';
import type { ResolutionRecord } from './resolution-record';

/** Stored records as the engine reads them, with the profile each belongs to now and the version it was read at. */
export interface StoredRun {
  records: ResolutionRecord[];
  /** The current profile of each record, by id. */
  current: Map<string, string>;
  /** Each record's content version when it was read, in `records` order: a change applies only to records still so. */
  versions: BigInt64Array;
}

// A page of payloads at a time: only what the engine reads of each is kept.
const PAGE = 5_000;

/** Every stored record, a page at a time in id order (a million fit: the payloads are not kept). */
export async function readWholeStore(executor: SqlExecutor): Promise<StoredRun> {
  const run = new RunBuilder();
  for (let after: string | null = null; ; ) {
    const page: StoredRecordWithPayload[] = await pageStoredRecords(executor, after, PAGE);
    for (const row of page) run.add(row);
    if (page.length < PAGE) break;
    after = page[page.length - 1].sourceRecordId;
  }
  return run.build();
}

/** The given stored records (a few profiles' members), in id order. */
export function runOf(rows: readonly StoredRecordWithPayload[]): StoredRun {
  const run = new RunBuilder();
  for (const row of [...rows].sort((a, b) => (a.sourceRecordId < b.sourceRecordId ? -1 : 1))) run.add(row);
  return run.build();
}

/** People's decisions among the run's records (a pair naming a record outside it binds nothing here). */
export async function constraintsOf(executor: SqlExecutor, run: StoredRun, scope: 'store' | 'records'): Promise<Pick<ResolutionConstraints, 'mustLink' | 'cannotLink'>> {
  const ids = run.records.map((record) => record.id);
  const read = (kind: 'must' | 'cannot') => (scope === 'store' ? allConstraints(executor, kind) : findConstraints(executor, kind, ids));
  const within = (pairs: [string, string][]) => pairs.filter(([a, b]) => run.current.has(a) && run.current.has(b));
  return { mustLink: within(await read('must')), cannotLink: within(await read('cannot')) };
}

/** Where each record of a run is, and how many records each of its profiles held when it was read. */
export interface RunIndex {
  indexOf: Map<string, number>;
  sizeOf: Map<string, number>;
}

export function indexRun(run: StoredRun): RunIndex {
  const indexOf = new Map<string, number>();
  run.records.forEach((record, i) => indexOf.set(record.id, i));
  const sizeOf = new Map<string, number>();
  for (const profile of run.current.values()) sizeOf.set(profile, (sizeOf.get(profile) ?? 0) + 1);
  return { indexOf, sizeOf };
}

/**
 * Whether the stored members of some profiles (`members`: every record of those profiles now) are exactly the
 * records the run read for them, at the versions it read: what the run planned for them still holds.
 */
export function unchangedSince(run: StoredRun, index: RunIndex, profiles: readonly string[], members: readonly StoredRecordRef[]): boolean {
  const wanted = new Set(profiles);
  let count = 0;
  for (const member of members) {
    if (!wanted.has(member.profileId)) continue;
    count++;
    const i = index.indexOf.get(member.sourceRecordId);
    if (i === undefined || run.current.get(member.sourceRecordId) !== member.profileId) return false;
    if (run.versions[i] !== BigInt(contentVersion(member.contentHash))) return false;
  }
  return count === profiles.reduce((total, profile) => total + (index.sizeOf.get(profile) ?? 0), 0);
}

class RunBuilder {
  private readonly records: ResolutionRecord[] = [];
  private readonly current = new Map<string, string>();
  private versions = new BigInt64Array(1024);
  // Sources and profiles repeat across records: one string each.
  private readonly interned = new Map<string, string>();

  add(row: StoredRecordWithPayload): void {
    const source = this.intern(row.source);
    this.records.push(resolutionRecordOf(row.sourceRecordId, source, row.externalId, row.payload, row.phoneRegion));
    this.current.set(row.sourceRecordId, this.intern(row.profileId));
    if (this.records.length > this.versions.length) {
      const grown = new BigInt64Array(this.versions.length * 2);
      grown.set(this.versions);
      this.versions = grown;
    }
    this.versions[this.records.length - 1] = BigInt(contentVersion(row.contentHash));
  }

  build(): StoredRun {
    return { records: this.records, current: this.current, versions: this.versions.subarray(0, this.records.length) };
  }

  private intern(text: string): string {
    const known = this.interned.get(text);
    if (known !== undefined) return known;
    this.interned.set(text, text);
    return text;
  }
}
