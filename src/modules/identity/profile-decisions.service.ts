import { HubError } from '../../errors/hub-error';
import type { Database, SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import {
  applyMerges,
  findDecision,
  findProfileStates,
  findRecordOwners,
  insertProfiles,
  moveRecords,
  profileChange,
  recordSplit,
  rederiveProfiles,
  type DerivationOptions,
  type MergeDecisionRow,
  type ProfileChangePipeline,
} from '../profiles';
import { explainNormalized } from './explain';
import { closeReview, findReview, type MatchReviewRow } from './match-review.store';
import type { EvidenceLink } from './merge-evidence';
import type { ProbabilisticResolver } from './probabilistic.resolver';
import { addConstraints, removeConstraintsBetween } from './record-constraints.store';
import { lockEverything, lockLiveProfiles } from './resolution-lock.store';
import { profileMembers, type VersionedRecordRef } from './stored-record-refs';

// A manual merge explains itself by its closest pair of records; beyond this many per side it samples the first ones.
const EXPLAINED_RECORDS_PER_SIDE = 50;

/**
 * Decisions people make about identity: merging two profiles (a must-link), splitting records off a profile
 * (cannot-links, so ingestion never joins them again), accepting or rejecting a queued review. Each takes the
 * resolution lock exclusively, re-derives the profiles it changes and is recorded as a MergeDecision.
 */
export class ProfileDecisionService {
  constructor(
    private readonly database: Database,
    private readonly resolver: ProbabilisticResolver,
    private readonly derivation: DerivationOptions,
    private readonly pipeline: ProfileChangePipeline,
  ) {}

  async mergeProfiles(a: string, b: string, actor: string): Promise<MergeDecisionRow> {
    return this.database.transaction(async (tx) => {
      await lockEverything(tx);
      const [left, right] = await this.liveProfiles(tx, [a, b]);
      if (left === right) throw new HubError('BAD_USER_INPUT', `Profiles ${a} and ${b} are already one profile (${left}).`);
      const decisionId = await this.merge(tx, left, right, actor, (closest) => ({ rule: 'manual', probability: null, link: closest }));
      return findDecision(tx, decisionId);
    });
  }

  async splitProfile(profileId: string, sourceRecordIds: string[], actor: string): Promise<{ decision: MergeDecisionRow; profileIds: [string, string] }> {
    const moved = [...new Set(sourceRecordIds)];
    if (moved.length === 0) throw new HubError('BAD_USER_INPUT', 'sourceRecordIds is empty: name the source records to move to a new profile.');
    return this.database.transaction(async (tx) => {
      await lockEverything(tx);
      const [profile] = await this.liveProfiles(tx, [profileId], false);
      const owners = await findRecordOwners(tx, moved);
      const unknown = moved.filter((id) => !owners.has(id));
      if (unknown.length > 0) throw new HubError('NOT_FOUND', `No source record ${unknown.join(', ')}; a profile's sourceRecords list their ids.`);
      const elsewhere = moved.filter((id) => owners.get(id) !== profile);
      if (elsewhere.length > 0) throw new HubError('BAD_USER_INPUT', `Source record(s) ${elsewhere.join(', ')} do not belong to profile ${profile}; only its own records can be split off.`);
      const remaining = (await profileMembers(tx, [profile])).map((member) => member.sourceRecordId).filter((id) => !moved.includes(id));
      if (remaining.length === 0) throw new HubError('BAD_USER_INPUT', `That is every record of profile ${profile}: leave at least one behind.`);

      const created = newId('profile');
      await insertProfiles(tx, [created]);
      await moveRecords(tx, moved, created);
      const decisionId = await recordSplit(tx, { kept: profile, created, moved, remaining, actor });
      await removeConstraintsBetween(tx, 'must', moved, remaining);
      await addConstraints(tx, 'cannot', { pairs: moved.flatMap((a) => remaining.map((b) => [a, b] as const)), reason: 'split', createdBy: actor, decisionId });
      const traits = await rederiveProfiles(tx, new Map(), [profile, created], this.derivation);
      await this.pipeline.run(tx, profileChange({ changed: [profile, created], created: [created], split: [{ profileId: profile, createdProfileId: created }], ...traits }));
      return { decision: await findDecision(tx, decisionId), profileIds: [profile, created] };
    });
  }

  /** Accepting merges the two records' profiles (when apart) with the review's evidence; rejecting adds a cannot-link. */
  async resolveReview(id: string, accept: boolean, actor: string): Promise<{ review: MatchReviewRow; decision: MergeDecisionRow | null }> {
    return this.database.transaction(async (tx) => {
      await lockEverything(tx);
      const review = await findReview(tx, id, true);
      if (!review) throw new HubError('NOT_FOUND', `No match review ${id}; matchReviews lists the open ones.`);
      if (review.status !== 'open') throw new HubError('CONFLICT', `Match review ${id} was already ${review.status} by ${review.decidedBy}.`);
      let decisionId: string | null = null;
      if (!accept) {
        await addConstraints(tx, 'cannot', { pairs: [[review.leftRecordId, review.rightRecordId]], reason: 'review rejected', createdBy: actor, decisionId: null });
      } else if (review.leftProfileId !== review.rightProfileId) {
        const fields = review.evidence.fields;
        decisionId = await this.merge(tx, review.leftProfileId, review.rightProfileId, actor, () => ({
          rule: 'review',
          probability: review.probability,
          link: { left: review.leftRecordId, right: review.rightRecordId, rule: 'must-link', probability: review.probability, weight: review.evidence.weight, fields },
        }));
      }
      await closeReview(tx, id, accept ? 'accepted' : 'rejected', actor, decisionId);
      return { review: (await findReview(tx, id))!, decision: decisionId ? await findDecision(tx, decisionId) : null };
    });
  }

  /** Merges the younger of two live profiles into the older, must-linking the deciding pair and lifting cannot-links between them. */
  private async merge(
    tx: SqlExecutor,
    a: string,
    b: string,
    actor: string,
    decide: (closest: EvidenceLink) => { rule: string; probability: number | null; link: EvidenceLink },
  ): Promise<string> {
    const [survivor, merged] = [a, b].sort();
    await lockLiveProfiles(tx, [survivor, merged]);
    const members = await profileMembers(tx, [survivor, merged]);
    const { rule, probability, link } = decide(await this.closestPair(tx, members, survivor));
    const [decisionId] = await applyMerges(tx, [{ survivingProfileId: survivor, mergedProfileId: merged, rule, probability, evidence: { links: [link], dropped: [] } }], actor);
    await addConstraints(tx, 'must', { pairs: [[link.left, link.right]], reason: rule, createdBy: actor, decisionId });
    const sides = (profileId: string) => members.filter((member) => member.profileId === profileId).map((member) => member.sourceRecordId);
    await removeConstraintsBetween(tx, 'cannot', sides(survivor), sides(merged));
    const traits = await rederiveProfiles(tx, new Map(), [survivor], this.derivation);
    await this.pipeline.run(tx, profileChange({ changed: [survivor], merged: [{ profileId: merged, survivorId: survivor }], ...traits }));
    return decisionId;
  }

  private async closestPair(tx: SqlExecutor, members: VersionedRecordRef[], survivor: string): Promise<EvidenceLink> {
    const records = await this.resolver.normalizeStoredRecords(tx, members);
    const normalized = members.map((member) => ({ profileId: member.profileId, record: records.get(member.sourceRecordId)! }));
    const side = (mine: boolean) => normalized.filter((entry) => (entry.profileId === survivor) === mine).slice(0, EXPLAINED_RECORDS_PER_SIDE);
    const model = await this.resolver.model(tx);
    let best: EvidenceLink | undefined;
    for (const left of side(true)) {
      for (const right of side(false)) {
        const explanation = explainNormalized(left.record, right.record, model, this.resolver.config);
        if (!best || explanation.probability > best.probability!) {
          best = { left: left.record.id, right: right.record.id, rule: 'must-link', probability: explanation.probability, weight: explanation.weight, fields: explanation.fields };
        }
      }
    }
    return best!;
  }

  /** The live profiles behind the ids (an absorbed id stands for its survivor unless `followMerges` is off). */
  private async liveProfiles(tx: SqlExecutor, ids: string[], followMerges = true): Promise<string[]> {
    const found = await findProfileStates(tx, ids);
    return ids.map((id) => {
      const profile = found.get(id);
      if (!profile) throw new HubError('NOT_FOUND', `No profile ${id}.`);
      if (profile.mergedIntoId === null) return id;
      if (followMerges) return profile.mergedIntoId;
      throw new HubError('BAD_USER_INPUT', `Profile ${id} was merged into ${profile.mergedIntoId}; split that profile instead.`);
    });
  }
}
