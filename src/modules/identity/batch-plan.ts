import type { ResolutionPlan } from './identity-resolver';
import type { BatchPairs, Partner } from './batch-neighbours';
import { isCorroborated } from './corroboration';
import { clusterRecords, type ProposedLink } from './clustering';
import { explainNormalized, type FieldEvidence, type PeopleOfValue } from './explain';
import { decide, matchProbability, matchWeight, type ModelParameters } from './fellegi-sunter';
import { compareRecords, FIELD_COMPARISONS } from './field-comparisons';
import { identifierKey } from '../../../connectors/sdk/records';
import type { PeopleOfValues } from './identifier-holders';
import { mergeEvidence } from './merge-evidence';
import { conflictBetween, evidenceOf, type PersonEvidence } from './person-conflicts';
import { SHARED_VALUE_TYPES, sharedValuePenalty } from './value-holders';
import type { NormalizedRecord } from './normalized-record';
import type { ResolutionConfig } from './resolution-config';
import type { PreparedRecord } from './resolution-input';

/** A stored record of a profile the batch may join, normalized. */
export interface StoredMember {
  sourceRecordId: string;
  profileId: string;
  normalized: NormalizedRecord;
}

/** A pair between the thresholds that ended in different profiles: a person decides. */
export interface PlannedReview {
  leftRecordId: string;
  rightRecordId: string;
  probability: number;
  evidence: { weight: number; fields: FieldEvidence[] };
}

export interface BatchPlanInput {
  batch: readonly PreparedRecord[];
  members: readonly StoredMember[];
  pairs: BatchPairs;
  /** How many people hold each identifier value the batch shares with the records it met. */
  people: PeopleOfValues;
  /** Pairs of source record ids a person split (either side may be outside this batch's neighbourhood). */
  cannotLinks: readonly (readonly [string, string])[];
  model: ModelParameters;
  /** levelWeights(model) in FIELD_COMPARISONS order, computed once per model. */
  weights: number[][];
  config: ResolutionConfig;
}

/**
 * Incremental resolution of one batch: the batch and the profiles around it are clustered as the engine
 * clusters a full run (identifier links, scored links, limits, cannot-links), with every existing profile
 * held together by must-links, so profiles only grow or merge. Only clusters holding a batch record change.
 */
export function planBatch(input: BatchPlanInput, newProfileId: () => string): { plan: ResolutionPlan; reviews: PlannedReview[] } {
  const { batch, config, model } = input;
  const batchIds = new Set(batch.map((record) => record.sourceRecordId));
  const records: NormalizedRecord[] = [];
  const profileOf: (string | undefined)[] = [];
  const indexOfId = new Map<string, number>();
  const add = (normalized: NormalizedRecord, profileId: string | undefined) => {
    indexOfId.set(normalized.id, records.length);
    records.push(normalized);
    profileOf.push(profileId);
  };
  for (const member of input.members) if (!batchIds.has(member.sourceRecordId)) add(member.normalized, member.profileId);
  const firstBatch = records.length;
  for (const record of batch) add(record.normalized, record.currentProfileId);

  const evidence = new Map<number, PersonEvidence | undefined>();
  const evidenceAt = (record: number) => (evidence.has(record) ? evidence.get(record) : evidence.set(record, evidenceOf(records[record])).get(record));
  const links: ProposedLink[] = membershipLinks(profileOf);
  const partnerIndex = (partner: Partner) => ('stored' in partner ? indexOfId.get(partner.stored) : firstBatch + partner.batch);
  for (const { batch: index, partner, identityType } of input.pairs.identifierLinks) {
    const other = partnerIndex(partner);
    if (other !== undefined) links.push({ left: other, right: firstBatch + index, rule: 'identifier', identityType });
  }
  const reviewCandidates: ProposedLink[] = [];
  for (const [index, partner] of input.pairs.scored) {
    const other = partnerIndex(partner);
    if (other === undefined) continue;
    const [left, right] = [records[other], records[firstBatch + index]];
    const levels = compareRecords(left, right);
    const probability = matchProbability(matchWeight(levels, input.weights) - sharedValuesPenalty(left, right, levels, input.people, input.weights), model.prior);
    const decision = decide(probability, config.thresholds);
    if (decision === 'apart') continue;
    const [evidenceLeft, evidenceRight] = [evidenceAt(other), evidenceAt(firstBatch + index)];
    if (evidenceLeft && evidenceRight && conflictBetween(evidenceLeft, evidenceRight)) continue;
    if (decision === 'review' && !isCorroborated(levels, input.weights)) continue;
    (decision === 'link' ? links : reviewCandidates).push({ left: other, right: firstBatch + index, rule: 'score', probability });
  }

  const separated = new Set<string>();
  const cannotLink: [number, number][] = [];
  for (const [a, b] of input.cannotLinks) {
    const [left, right] = [indexOfId.get(a), indexOfId.get(b)];
    if (left === undefined || right === undefined) continue;
    cannotLink.push([left, right]);
    separated.add(pairKey(left, right));
  }
  const clustering = clusterRecords({ recordCount: records.length, identifiersOf: (record) => records[record].identifiers, rules: config.identityRules, links, cannotLink, evidenceOf: evidenceAt });

  const membersOfCluster = new Map<number, number[]>();
  clustering.clusterOf.forEach((cluster, record) => (membersOfCluster.get(cluster) ?? membersOfCluster.set(cluster, []).get(cluster)!).push(record));
  const plan: ResolutionPlan = { assignments: new Map(), newProfileIds: new Set(), merges: [] };
  const peopleOf = (type: string, value: string) => input.people.get(identifierKey({ type, value })) ?? 1;
  const context = { records, profileOf, accepted: clustering.accepted, dropped: clustering.dropped, model, config, peopleOf };
  for (const cluster of new Set(batch.map((_, index) => clustering.clusterOf[firstBatch + index]))) {
    const members = membersOfCluster.get(cluster)!;
    // Prefixed ULIDs sort by creation time: the oldest profile survives, so ids clients hold stay valid longest.
    const profiles = [...new Set(members.map((record) => profileOf[record]).filter((id): id is string => id !== undefined))].sort();
    let survivor = profiles[0];
    if (survivor === undefined) {
      survivor = newProfileId();
      plan.newProfileIds.add(survivor);
    }
    for (const merged of profiles.slice(1)) {
      const { rule, probability, evidence } = mergeEvidence(context, survivor, merged, new Set(members));
      plan.merges.push({ survivingProfileId: survivor, mergedProfileId: merged, rule, probability, evidence });
    }
    for (const record of members) if (record >= firstBatch) plan.assignments.set(batch[record - firstBatch].key, survivor);
  }

  const reviews = reviewCandidates
    .filter((link) => clustering.clusterOf[link.left] !== clustering.clusterOf[link.right] && !separated.has(pairKey(link.left, link.right)))
    .map((link) => review(records[link.left], records[link.right], link.probability!, model, config, peopleOf));
  return { plan, reviews };
}

/** Each existing profile's records chained to its first: profiles never come apart in incremental resolution. */
function membershipLinks(profileOf: readonly (string | undefined)[]): ProposedLink[] {
  const first = new Map<string, number>();
  const links: ProposedLink[] = [];
  profileOf.forEach((profileId, record) => {
    if (profileId === undefined) return;
    const head = first.get(profileId);
    if (head === undefined) first.set(profileId, record);
    else links.push({ left: head, right: record, rule: 'must-link' });
  });
  return links;
}

function review(a: NormalizedRecord, b: NormalizedRecord, probability: number, model: ModelParameters, config: ResolutionConfig, peopleOf: PeopleOfValue): PlannedReview {
  const [left, right] = a.id < b.id ? [a, b] : [b, a];
  const explanation = explainNormalized(left, right, model, config, peopleOf);
  return { leftRecordId: left.id, rightRecordId: right.id, probability, evidence: { weight: explanation.weight, fields: explanation.fields } };
}

function pairKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

const SHARED_VALUE_FIELDS = SHARED_VALUE_TYPES.map((field) => ({ field, index: FIELD_COMPARISONS.findIndex((comparison) => comparison.field === field) }));

/** What exact agreement on identifiers several people share loses (engine.ts takes the same off a full run's pairs). */
function sharedValuesPenalty(a: NormalizedRecord, b: NormalizedRecord, levels: Int8Array, people: PeopleOfValues, weights: readonly (readonly number[])[]): number {
  let penalty = 0;
  for (const { field, index } of SHARED_VALUE_FIELDS) {
    if (levels[index] !== 0) continue;
    const value = a.identifiers.find((identifier) => identifier.type === field)?.value;
    if (value !== undefined && b.identifiers.some((identifier) => identifier.type === field && identifier.value === value)) penalty += sharedValuePenalty(people.get(identifierKey({ type: field, value })) ?? 1, weights[index][0]);
  }
  return penalty;
}
