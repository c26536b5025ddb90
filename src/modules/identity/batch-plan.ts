import type { ResolutionPlan } from './identity-resolver';
import type { BatchPairs, Partner } from './batch-neighbours';
import { clusterRecords, type ProposedLink } from './clustering';
import { explainNormalized, type FieldEvidence } from './explain';
import { decide, matchProbability, matchWeight, type ModelParameters } from './fellegi-sunter';
import { compareRecords } from './field-comparisons';
import { scoreMayLink } from './household-rule';
import { mergeEvidence } from './merge-evidence';
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
    const levels = compareRecords(records[other], records[firstBatch + index]);
    const probability = matchProbability(matchWeight(levels, input.weights), model.prior);
    const decision = decide(probability, config.thresholds, scoreMayLink(levels));
    if (decision === 'apart') continue;
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
  const clustering = clusterRecords({ recordCount: records.length, identifiersOf: (record) => records[record].identifiers, rules: config.identityRules, links, cannotLink });

  const membersOfCluster = new Map<number, number[]>();
  clustering.clusterOf.forEach((cluster, record) => (membersOfCluster.get(cluster) ?? membersOfCluster.set(cluster, []).get(cluster)!).push(record));
  const plan: ResolutionPlan = { assignments: new Map(), newProfileIds: new Set(), merges: [] };
  const context = { records, profileOf, accepted: clustering.accepted, dropped: clustering.dropped, model, config };
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
    .map((link) => review(records[link.left], records[link.right], link.probability!, model, config));
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

function review(a: NormalizedRecord, b: NormalizedRecord, probability: number, model: ModelParameters, config: ResolutionConfig): PlannedReview {
  const [left, right] = a.id < b.id ? [a, b] : [b, a];
  const explanation = explainNormalized(left, right, model, config);
  return { leftRecordId: left.id, rightRecordId: right.id, probability, evidence: { weight: explanation.weight, fields: explanation.fields } };
}

function pairKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}
