import type { CountryCode } from 'libphonenumber-js';
import type { SqlExecutor } from '../../platform/database/database';
import { loadStoredRecords, sourcesOtherThan } from '../profiles';
import { findBatchPairs, likelyPairs, storedPartners, type BatchPairs } from './batch-neighbours';
import { blockingKeyHash } from './blocking-key-hash';
import { planBatch, type PlannedReview, type StoredMember } from './batch-plan';
import { contentVersion, findKeyHits, writeBlockingKeys, type KeyHit } from './blocking-key.store';
import { levelWeights, weightBound, type ModelParameters, type WeightBound } from './fellegi-sunter';
import { FIELD_COMPARISONS } from './field-comparisons';
import { identifierLinksOfBatch, type PeopleOfValues, type ValueTurnedGeneric } from './identifier-holders';
import type { IdentityResolver, IncomingRecord, ResolutionPlan } from './identity-resolver';
import { openReviews } from './match-review.store';
import type { MatchModelStore } from './match-model.store';
import { memoizedValueNormalizers } from './memoized-value-normalizers';
import { normalizeRecord, type NormalizedRecord, type ValueNormalizers } from './normalized-record';
import { NormalizedRecordCache } from './normalized-record.cache';
import { findConstraints } from './record-constraints.store';
import type { ResolutionConfig } from './resolution-config';
import { keysOf, resolutionRecordOf, type PreparedRecord, type RecordKeys } from './resolution-input';
import { lockBlockingKeys, lockLiveProfiles } from './resolution-lock.store';
import { candidateRecords, findCustomerRecords, profileMembers } from './stored-record-refs';

export interface BatchCandidates {
  batch: PreparedRecord[];
  pairs: BatchPairs;
  /** How many people hold each identifier value the batch shares with the records it met. */
  people: PeopleOfValues;
  /** Values the batch made generic, with their stored holders. */
  turnedGeneric: ValueTurnedGeneric[];
  members: StoredMember[];
  cannotLinks: [string, string][];
  model: ModelParameters;
  weights: number[][];
}

const FIELD_NAMES = FIELD_COMPARISONS.map((comparison) => comparison.field);
// Normalized stored records kept per process (a few hundred bytes each).
const CACHE_CAPACITY = 200_000;
// Distinct raw values remembered per reader (names, companies, phones, …).
const MEMO_CAPACITY = 100_000;
// The version of a record without a content hash: no cached record carries it.
const NO_VERSION = '0';

/**
 * Incremental probabilistic identity resolution behind the ingestion seam. A batch locks its blocking keys,
 * finds the stored records sharing them (one statement), loads the profiles those belong to, scores the
 * batch against them with the stored match model and decides as the engine does: identifier links, scored
 * links at or above the link threshold, reviews between the thresholds, cannot-links and profile limits
 * respected, existing profiles kept whole. Only the profiles the batch touches change.
 */
export class ProbabilisticResolver implements IdentityResolver<BatchCandidates> {
  readonly name = 'probabilistic';
  private readonly preparation = new WeakMap<IncomingRecord, { normalized: NormalizedRecord } & RecordKeys>();
  private readonly reviews = new WeakMap<ResolutionPlan, PlannedReview[]>();
  private readonly previousKeys = new WeakMap<IncomingRecord, number[]>();
  private readonly weights = new WeakMap<ModelParameters, { weights: number[][]; bound: WeightBound }>();

  private readonly normalizers: ValueNormalizers;
  /** Two records of one source never link (one external id per source per profile): they are not even looked up. */
  private readonly oneRecordPerSource: boolean;

  constructor(
    readonly config: ResolutionConfig,
    readonly models: MatchModelStore,
    private readonly cache = new NormalizedRecordCache(CACHE_CAPACITY),
  ) {
    this.normalizers = memoizedValueNormalizers(config, MEMO_CAPACITY);
    this.oneRecordPerSource = config.identityRules.external_id.maxPerSource === 1;
  }

  prepare(records: IncomingRecord[]): void {
    for (const record of records) this.preparationOf(record);
  }

  /** The record's own external-id key is locked too: two batches carrying the same record take turns. */
  async lock(tx: SqlExecutor, records: IncomingRecord[]): Promise<void> {
    // The own-id key too: a batch bringing a customer and one bringing its orders take turns.
    await lockBlockingKeys(
      tx,
      records.flatMap((record) => {
        const prepared = this.preparationOf(record);
        return [...prepared.keyHashes, prepared.ownIdHash, blockingKeyHash(`record:${record.source}:${record.key}`)];
      }),
    );
  }

  async findCandidates(tx: SqlExecutor, records: IncomingRecord[]): Promise<BatchCandidates> {
    const batch = records.map((record): PreparedRecord => {
      const { normalized, keyHashes, ownIdHash, linkingKeys, customerExternalId } = this.preparationOf(record);
      const sourceRecordId = record.sourceRecordId!;
      return {
        key: record.key,
        source: record.source,
        sourceRecordId,
        currentProfileId: record.currentProfileId,
        normalized: { ...normalized, id: sourceRecordId },
        keyHashes: [...keyHashes, ownIdHash],
        linkingKeys,
        personKey: customerExternalId ?? record.key,
      };
    });
    const linking = new Set(batch.flatMap((record) => [...record.linkingKeys.keys()]));
    const hashes = [...new Set(batch.flatMap((record) => record.keyHashes))];
    const source = records[0].source;
    const sources = this.oneRecordPerSource ? await sourcesOtherThan(tx, source) : [source, ...(await sourcesOtherThan(tx, source))];
    const customers = batch.filter((record) => record.personKey !== record.key).map((record) => record.personKey);
    const hits = [
      ...(await findKeyHits(tx, hashes, linking, this.config.maxBlockSize + 1, sources, !this.oneRecordPerSource)),
      ...(await findCustomerRecords(tx, source, customers)),
    ];
    if (this.oneRecordPerSource) hits.push(...(await this.findBelongingRecords(tx, source, records)));
    const model = await this.model(tx);
    const { weights, bound } = this.weightsOf(model);
    const neighbours = await this.normalizeStoredRecords(tx, hits);
    const found = findBatchPairs(batch, hits, this.config.identityRules, this.config.maxBlockSize);
    const identified = identifierLinksOfBatch(batch, found.shared, (id) => neighbours.get(id)!, (a, b) => this.oneRecordPerSource && a.source === b.source && a.personKey !== b.personKey);
    const pairs = likelyPairs(batch, { scored: found.scored, identifierLinks: identified.identifierLinks }, (id) => neighbours.get(id)!, {
      weights,
      bound,
      prior: model.prior,
      reviewThreshold: this.config.thresholds.review,
    });
    const partners = await candidateRecords(tx, [...storedPartners(pairs)]);
    const profiles = new Set([...partners.map((partner) => partner.profileId), ...batch.flatMap((record) => (record.currentProfileId ? [record.currentProfileId] : []))]);
    const memberRefs = await profileMembers(tx, [...profiles]);
    const normalizedMembers = await this.normalizeStoredRecords(tx, memberRefs);
    const members = memberRefs.map((member) => ({ sourceRecordId: member.sourceRecordId, profileId: member.profileId, normalized: normalizedMembers.get(member.sourceRecordId)! }));
    // A changed record's stored version is among its profile's members: its keys are the ones to replace.
    const storedVersions = new Map(members.map((member) => [member.sourceRecordId, member.normalized]));
    for (const record of records) {
      const stored = record.currentProfileId ? storedVersions.get(record.sourceRecordId!) : undefined;
      this.previousKeys.set(record, stored ? keysOf(stored, this.config.identityRules, record.key).keyHashes : []);
    }
    // Cannot-links come from splits and rejected reviews of stored records: a batch of new records that
    // meets no stored profile cannot be bound by any.
    const storedIds = [...members.map((member) => member.sourceRecordId), ...batch.filter((record) => record.currentProfileId).map((record) => record.sourceRecordId)];
    const cannotLinks = storedIds.length > 0 ? await findConstraints(tx, 'cannot', storedIds) : [];
    return { batch, pairs, people: identified.people, turnedGeneric: identified.turnedGeneric, members, cannotLinks, model, weights };
  }

  plan(_records: IncomingRecord[], candidates: BatchCandidates, newProfileId: () => string): ResolutionPlan {
    const { plan, reviews } = planBatch({ ...candidates, config: this.config }, newProfileId);
    this.reviews.set(plan, reviews);
    if (candidates.turnedGeneric.length > 0) plan.turnedGeneric = candidates.turnedGeneric;
    return plan;
  }

  async confirm(tx: SqlExecutor, plan: ResolutionPlan): Promise<void> {
    const existing = [...plan.assignments.values(), ...plan.merges.map((merge) => merge.mergedProfileId)].filter((id) => !plan.newProfileIds.has(id));
    await lockLiveProfiles(tx, existing);
  }

  async afterWrite(tx: SqlExecutor, records: IncomingRecord[], plan: ResolutionPlan): Promise<void> {
    await writeBlockingKeys(
      tx,
      records[0].source,
      records.map((record) => ({
        sourceRecordId: record.sourceRecordId!,
        keyHashes: this.preparationOf(record).keyHashes,
        previous: this.previousKeys.get(record) ?? [],
        // A record without a profile was not stored before this batch: its id is new.
        isNew: record.currentProfileId === undefined,
        contentVersion: record.contentHash ? contentVersion(record.contentHash) : NO_VERSION,
      })),
    );
    await openReviews(tx, this.reviews.get(plan) ?? []);
    for (const record of records) {
      if (record.contentHash) this.cache.set(record.sourceRecordId!, contentVersion(record.contentHash), { ...this.preparationOf(record).normalized, id: record.sourceRecordId! });
    }
  }

  /**
   * Records of the batch's own source that belong to a batch record (orders naming it as their customer), when
   * the source is otherwise not looked up (one record per source): they count as that customer's records.
   */
  private async findBelongingRecords(tx: SqlExecutor, source: string, records: IncomingRecord[]): Promise<KeyHit[]> {
    const keyOfHash = new Map(records.map((record) => [this.preparationOf(record).ownIdHash, record.key]));
    const hashes = [...keyOfHash.keys()];
    const hits = await findKeyHits(tx, hashes, new Set(hashes), this.config.maxBlockSize + 1, [source], false);
    return hits.map((hit) => ({ ...hit, personKey: keyOfHash.get(hit.keyHashes[0]) }));
  }

  /** The match model batches are scored with now. */
  async model(executor: SqlExecutor): Promise<ModelParameters> {
    return (await this.models.current(executor)).parameters;
  }

  /** Stored records as the engine reads them, by id: from the cache, with one read for the records it lacks. */
  async normalizeStoredRecords(tx: SqlExecutor, refs: readonly { sourceRecordId: string; contentVersion: string }[]): Promise<Map<string, NormalizedRecord>> {
    const normalized = new Map<string, NormalizedRecord>();
    const missing = new Set<string>();
    for (const ref of refs) {
      const cached = this.cache.get(ref.sourceRecordId, ref.contentVersion);
      if (cached) normalized.set(ref.sourceRecordId, cached);
      else missing.add(ref.sourceRecordId);
    }
    for (const row of await loadStoredRecords(tx, [...missing])) {
      normalized.set(row.sourceRecordId, this.normalizeStored(row.sourceRecordId, row.source, row.externalId, row.contentHash, row.payload, row.phoneRegion));
    }
    return normalized;
  }

  /**
   * A stored record as the engine reads it, normalized once per content version; `phoneRegion` is the region its
   * phones were read in when it was stored. The version covers the region: ingestion hashes it with the payload.
   */
  normalizeStored(sourceRecordId: string, source: string, externalId: string, contentHash: string, payload: Record<string, unknown>, phoneRegion: CountryCode | null): NormalizedRecord {
    const version = contentVersion(contentHash);
    const cached = this.cache.get(sourceRecordId, version);
    if (cached) return cached;
    const normalized = normalizeRecord(resolutionRecordOf(sourceRecordId, source, externalId, payload, phoneRegion), this.config, this.normalizers);
    this.cache.set(sourceRecordId, version, normalized);
    return normalized;
  }

  private preparationOf(record: IncomingRecord) {
    let prepared = this.preparation.get(record);
    if (!prepared) {
      const normalized = normalizeRecord(resolutionRecordOf(record.key, record.source, record.key, record.record.fields, record.region), this.config, this.normalizers);
      prepared = { normalized, ...keysOf(normalized, this.config.identityRules, record.key) };
      this.preparation.set(record, prepared);
    }
    return prepared;
  }

  private weightsOf(model: ModelParameters): { weights: number[][]; bound: WeightBound } {
    let scoring = this.weights.get(model);
    if (!scoring) {
      const weights = levelWeights(model, FIELD_NAMES);
      this.weights.set(model, (scoring = { weights, bound: weightBound(weights) }));
    }
    return scoring;
  }
}
