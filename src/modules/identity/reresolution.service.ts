import { identifierKey, type IdentityType } from '../../../connectors/sdk/records';
import type { ValueTurnedGeneric } from './identifier-holders';
import type { Database, SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import {
  applyMerges,
  findRecordOwners,
  insertProfiles,
  listProfileMembers,
  loadStoredRecords,
  lockProfiles,
  moveRecords,
  profileChange,
  recordSplit,
  rederiveProfiles,
  type DerivationOptions,
  type ProfileChangePipeline,
  type StoredRecordRef,
  type TraitValues,
} from '../profiles';
import { resolveRecords, type Resolution } from './engine';
import type { ProbabilisticResolver } from './probabilistic.resolver';
import { constraintsOf, indexRun, readWholeStore, runOf, unchangedSince, type RunIndex, type StoredRun } from './reresolution-input';
import { planReresolution, type PlannedGroup, type PlannedMerge, type PlannedSplit, type ReresolutionPlan } from './reresolution-plan';
import type { ResolutionEvidence } from './reresolution-reasons';
import { lockEverything } from './resolution-lock.store';

/** What re-resolving the store did (or, in a dry run, would do). */
export interface ReresolutionReport {
  dryRun: boolean;
  records: number;
  profilesBefore: number;
  profilesAfter: number;
  /** Profiles split, and how many profiles they became. */
  split: { profiles: number; into: number };
  /** Profiles (or parts split off) merged into others. */
  merged: number;
  /** Groups of changes not made because their profiles changed while the store was read: run again. */
  skipped: number;
  examples: ReresolutionExample[];
}

/** A change, by ids only, with its reason in brief (no value of any record); `records`: the first few of `recordCount`. */
export type ReresolutionExample =
  | { kind: 'split'; profileId: string; records: string[]; recordCount: number; reason: string }
  | { kind: 'merge'; survivorId: string; mergedId: string; splitFrom?: string; records: string[]; recordCount: number; reason: string };

/** What a scoped re-resolution split, for the caller's profile change. */
export interface ScopedReresolution {
  split: { profileId: string; createdProfileId: string }[];
  created: string[];
  /** The profiles split and created: their records moved. */
  changed: string[];
  /** Their traits before this re-resolution and after (a caller that changed them earlier keeps its own before). */
  traits: TraitValues;
}

export interface ScopedOptions {
  /** Why, for merge history (e.g. "phone +86138… is held by 3 people: it no longer links on its own"); the engine's reason is kept beside it. */
  reason?: string;
  /** How many people hold an identifier value beyond these profiles (the engine's `knownPeople`). */
  knownPeople?: (type: IdentityType, value: string) => number;
  actor?: string;
}

export const RERESOLVE_ACTOR = 'system:reresolve';
const EXAMPLES = 5;
const RECORDS_PER_EXAMPLE = 5;
// A transaction holds the resolution lock: ingestion waits while it runs, so it takes this many records at most (one larger group alone).
const RECORDS_PER_TRANSACTION = 2_000;

/**
 * Makes stored profiles what the current identity rules make of their records: the whole store (after a
 * change of rules, `hub identity reresolve`), or a few profiles inside a caller's transaction (when a value
 * turns generic). The engine runs with the model in use and people's must- and cannot-links; its clusters are
 * compared with the profiles (reresolution-plan.ts) and the splits and merges recorded in merge history with
 * their reasons (`evidence.reason`), by `system:reresolve`. Automatic changes add no cannot- or must-link:
 * they are not a person's decision, and new evidence may join or part the records again.
 */
export class ReresolutionService {
  constructor(
    private readonly database: Database,
    private readonly resolver: ProbabilisticResolver,
    private readonly derivation: DerivationOptions,
    private readonly pipeline: ProfileChangePipeline,
  ) {}

  /**
   * Reads every stored record (without holding any lock), resolves them all, and applies the changes in
   * transactions of bounded size under the exclusive resolution lock. A group of changes whose profiles
   * changed meanwhile (a batch, a person's merge) is skipped and counted: running again picks it up.
   */
  async reresolveStore(options: { dryRun?: boolean } = {}): Promise<ReresolutionReport> {
    const run = await readWholeStore(this.database);
    if (run.records.length === 0) return { dryRun: options.dryRun === true, records: 0, profilesBefore: 0, profilesAfter: 0, split: { profiles: 0, into: 0 }, merged: 0, skipped: 0, examples: [] };
    const constraints = await constraintsOf(this.database, run, 'store');
    const resolution = resolveRecords(run.records, await this.config(this.database), constraints);
    const plan = planReresolution(run.current, resolution.profiles, this.evidence(resolution), { newProfileId: () => newId('profile') });
    const report = (groups: PlannedGroup[], skipped: number): ReresolutionReport => ({ dryRun: options.dryRun === true, records: run.records.length, ...counts(plan, groups), skipped, examples: examples(groups) });
    if (options.dryRun || plan.groups.length === 0) return report(plan.groups, 0);

    const index = indexRun(run);
    const applied: PlannedGroup[] = [];
    let skipped = 0;
    for (const batch of batches(plan.groups, (group) => group.profiles.reduce((total, profile) => total + (index.sizeOf.get(profile) ?? 0), 0))) {
      const fresh = await this.database.transaction((tx) => this.applyBatch(tx, batch, run, index));
      applied.push(...fresh);
      skipped += batch.length - fresh.length;
    }
    return report(applied, skipped);
  }

  /** Under the exclusive resolution lock, applies the groups whose profiles are still as the run read them; answers those. */
  private async applyBatch(tx: SqlExecutor, batch: readonly PlannedGroup[], run: StoredRun, index: RunIndex): Promise<PlannedGroup[]> {
    await lockEverything(tx);
    const profiles = batch.flatMap((group) => group.profiles);
    const live = new Set((await lockProfiles(tx, profiles)).filter((state) => state.mergedIntoId === null).map((state) => state.id));
    const members = new Map<string, StoredRecordRef[]>();
    for (const member of await listProfileMembers(tx, profiles)) (members.get(member.profileId) ?? members.set(member.profileId, []).get(member.profileId)!).push(member);
    const fresh = batch.filter((group) => group.profiles.every((profile) => live.has(profile)) && unchangedSince(run, index, group.profiles, group.profiles.flatMap((profile) => members.get(profile) ?? [])));
    if (fresh.length === 0) return [];
    const change = await this.apply(tx, fresh.flatMap((group) => group.splits), fresh.flatMap((group) => group.merges), RERESOLVE_ACTOR);
    const traits = await rederiveProfiles(tx, new Map(), change.changed, this.derivation);
    await this.pipeline.run(tx, profileChange({ ...change, ...traits }));
    return fresh;
  }

  /**
   * Inside the caller's transaction (which holds the resolution lock, shared with the keys of the records
   * concerned or exclusive): re-resolves the records of the given profiles alone, with `knownPeople` saying
   * what the rest of the store holds, and applies only the splits (the caller has just merged what it would).
   * The split profiles are re-derived; the caller runs the pipeline with them in its profile change.
   */
  async reresolveProfiles(tx: SqlExecutor, profileIds: readonly string[], options: ScopedOptions = {}): Promise<ScopedReresolution> {
    const live = (await lockProfiles(tx, profileIds)).filter((state) => state.mergedIntoId === null).map((state) => state.id);
    const members = await listProfileMembers(tx, live);
    const nothing: ScopedReresolution = { split: [], created: [], changed: [], traits: { traitsBefore: new Map(), traitsAfter: new Map() } };
    if (members.length < 2) return nothing;
    const run: StoredRun = runOf(await loadStoredRecords(tx, members.map((member) => member.sourceRecordId)));
    const constraints = { ...(await constraintsOf(tx, run, 'records')), knownPeople: options.knownPeople };
    const resolution = resolveRecords(run.records, await this.config(tx), constraints);
    const plan = planReresolution(run.current, resolution.profiles, this.evidence(resolution), { newProfileId: () => newId('profile'), splitsOnly: true });
    const splits = plan.groups.flatMap((group) => group.splits);
    if (splits.length === 0) return nothing;
    const change = await this.apply(tx, splits, [], options.actor ?? RERESOLVE_ACTOR, options.reason);
    return { split: change.split, created: change.created, changed: change.changed, traits: await rederiveProfiles(tx, new Map(), change.changed, this.derivation) };
  }

  /**
   * After a batch made identifier values generic (ValueTurnedGeneric): the profiles in which two or more of a
   * value's stored holders sit are re-resolved knowing how many people hold it, so what it alone had joined is
   * split again, each split saying which value and why. Inside the batch's transaction.
   */
  async splitWhatTurnedGeneric(tx: SqlExecutor, values: readonly ValueTurnedGeneric[]): Promise<ScopedReresolution> {
    const owners = await findRecordOwners(tx, [...new Set(values.flatMap((value) => value.storedHolders))]);
    const profiles = new Set<string>();
    for (const value of values) {
      const holdersPerProfile = new Map<string, number>();
      for (const holder of value.storedHolders) {
        const profile = owners.get(holder);
        if (profile !== undefined) holdersPerProfile.set(profile, (holdersPerProfile.get(profile) ?? 0) + 1);
      }
      for (const [profile, holders] of holdersPerProfile) if (holders >= 2) profiles.add(profile);
    }
    if (profiles.size === 0) return { split: [], created: [], changed: [], traits: { traitsBefore: new Map(), traitsAfter: new Map() } };
    const people = new Map(values.map((value) => [identifierKey(value), value.people]));
    return this.reresolveProfiles(tx, [...profiles].sort(), {
      reason: values.map((value) => `${value.type} ${value.value} is held by ${value.people} people: it no longer links on its own`).join('; '),
      knownPeople: (type, value) => people.get(identifierKey({ type, value })) ?? 0,
    });
  }

  /** Moves the records and records each decision; answers what changed, for the profile change. */
  private async apply(tx: SqlExecutor, splits: readonly PlannedSplit[], merges: readonly PlannedMerge[], actor: string, givenReason?: string) {
    const created = splits.flatMap((split) => split.parts.map((part) => part.profileId));
    await insertProfiles(tx, created);
    for (const split of splits) {
      for (const part of split.parts) {
        await moveRecords(tx, part.records, part.profileId);
        const reason = givenReason ?? part.reason.text;
        const details = { reason, ...(givenReason !== undefined && givenReason !== part.reason.text && { engineReason: part.reason.text }), ...part.details };
        await recordSplit(tx, { kept: split.profileId, created: part.profileId, moved: part.records, remaining: split.kept, actor, cannotLinks: 0, details });
      }
    }
    await applyMerges(
      tx,
      merges.map((merge) => ({
        survivingProfileId: merge.survivorId,
        mergedProfileId: merge.mergedId,
        rule: merge.rule,
        probability: merge.probability,
        evidence: { links: merge.links, dropped: [], reason: merge.reason.text },
      })),
      actor,
    );
    const mergedAway = new Set(merges.map((merge) => merge.mergedId));
    const changed = [...new Set([...splits.map((split) => split.profileId), ...created, ...merges.map((merge) => merge.survivorId)])].filter((id) => !mergedAway.has(id));
    return {
      changed,
      created,
      merged: merges.map((merge) => ({ profileId: merge.mergedId, survivorId: merge.survivorId })),
      split: splits.flatMap((split) => split.parts.map((part) => ({ profileId: split.profileId, createdProfileId: part.profileId }))),
    };
  }

  /** The live configuration, scored with the model in use. */
  private async config(executor: SqlExecutor) {
    return { ...this.resolver.config, model: { kind: 'configured' as const, parameters: await this.resolver.model(executor) } };
  }

  private evidence(resolution: Resolution): ResolutionEvidence {
    const rules = this.resolver.config.identityRules;
    return { links: resolution.links, dropped: resolution.dropped, explain: resolution.explain, linksOnEqual: (type) => rules[type].linkOn === 'equal' };
  }
}

/** Groups in runs of about RECORDS_PER_TRANSACTION records. */
function batches(groups: readonly PlannedGroup[], recordsOf: (group: PlannedGroup) => number): PlannedGroup[][] {
  const result: PlannedGroup[][] = [];
  let current: PlannedGroup[] = [];
  let records = 0;
  for (const group of groups) {
    const size = recordsOf(group);
    if (current.length > 0 && records + size > RECORDS_PER_TRANSACTION) {
      result.push(current);
      [current, records] = [[], 0];
    }
    current.push(group);
    records += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}

function counts(plan: ReresolutionPlan, groups: readonly PlannedGroup[]): Pick<ReresolutionReport, 'profilesBefore' | 'profilesAfter' | 'split' | 'merged'> {
  const splits = groups.flatMap((group) => group.splits);
  const parts = splits.reduce((total, split) => total + split.parts.length, 0);
  const merged = groups.reduce((total, group) => total + group.merges.length, 0);
  return { profilesBefore: plan.profilesBefore, profilesAfter: plan.profilesBefore + parts - merged, split: { profiles: splits.length, into: splits.length + parts }, merged };
}

/** Up to EXAMPLES changes, splits first but leaving room for merges. */
function examples(groups: readonly PlannedGroup[]): ReresolutionExample[] {
  const splits = groups.flatMap((group) => group.splits.flatMap((split) => split.parts.map((part) => ({ kind: 'split' as const, profileId: split.profileId, records: part.records.slice(0, RECORDS_PER_EXAMPLE), recordCount: part.records.length, reason: part.reason.brief }))));
  const merges = groups.flatMap((group) =>
    group.merges.map((merge) => ({
      kind: 'merge' as const,
      survivorId: merge.survivorId,
      mergedId: merge.mergedId,
      ...(merge.splitFrom !== undefined && { splitFrom: merge.splitFrom }),
      records: merge.records.slice(0, RECORDS_PER_EXAMPLE),
      recordCount: merge.records.length,
      reason: merge.reason.brief,
    })),
  );
  const splitCount = Math.min(splits.length, Math.max(EXAMPLES - merges.length, Math.ceil(EXAMPLES / 2)));
  return [...splits.slice(0, splitCount), ...merges.slice(0, EXAMPLES - splitCount)];
}
