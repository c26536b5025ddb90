import type { SqlExecutor } from '../../platform/database/database';
import { touchedProfiles, type ProfileChange, type ProfileChangeStage, type SegmentMove } from '../profiles';
import { compileSegment } from './segment-compiler';
import { inputsOf, type Segment, type SegmentInputs } from './segment-definition';
import * as members from './segment-membership.store';
import { definitionsById, type SegmentPreviewService } from './segment-preview.service';
import * as store from './segment.store';

/**
 * The segment stage of the profile-change pipeline: between whole evaluations, a change to profiles
 * re-evaluates only those profiles, only in the saved segments the change can affect, in the transaction of
 * the change, and adds the entries and exits to it (the outbox after it reports them).
 */
export class SegmentMembershipStage implements ProfileChangeStage {
  constructor(private readonly preview: SegmentPreviewService) {}

  /**
   * Re-evaluates what the change can have moved: profiles it created or merged away against every segment
   * (a new profile was never evaluated; a merged one leaves all), profiles whose records changed against the
   * segments that read record-derived data, profiles whose computed traits changed against the segments that
   * read computed traits. Segments that need the same profiles share one statement.
   */
  async apply(tx: SqlExecutor, change: ProfileChange): Promise<ProfileChange> {
    const moves = touchedProfiles(change).length === 0 ? [] : await this.updateMemberships(tx, change);
    if (change.deleted.length > 0) {
      // Shared segment locks first: a whole evaluation running now must not put a deleted profile back.
      await store.findSegmentsLockedShared(tx);
      moves.push(...(await members.removeMembers(tx, change.deleted)));
    }
    return { ...change, segments: [...change.segments, ...moves] };
  }

  private async updateMemberships(tx: SqlExecutor, change: ProfileChange): Promise<SegmentMove[]> {
    const segments = await store.findSegmentsLockedShared(tx);
    if (segments.length === 0) return [];
    const definitions = definitionsById(segments);
    const traitTypes = await this.preview.traitTypes(tx);
    const everywhere = [...change.created, ...change.merged.map((merge) => merge.profileId)];
    // Which profiles a segment needs follows from what it reads alone: group by that, not by the profile lists.
    const groups = new Map<string, { inputs: SegmentInputs; segments: { id: string; segment: Segment }[] }>();
    for (const saved of segments) {
      const segment = this.preview.validateSaved(saved.definition, traitTypes, definitions);
      const inputs = inputsOf(segment);
      const key = `${inputs.records}:${inputs.computed}`;
      const group = groups.get(key) ?? { inputs, segments: [] };
      group.segments.push({ id: saved.id, segment });
      groups.set(key, group);
    }
    const now = new Date();
    const moves: SegmentMove[] = [];
    for (const { inputs, segments: grouped } of groups.values()) {
      const profileIds = [...new Set([...everywhere, ...(inputs.records ? change.changed : []), ...(inputs.computed ? change.computed : [])])];
      if (profileIds.length === 0) continue;
      const params: unknown[] = [];
      const compiled = grouped.map(({ id, segment }) => ({ id, where: compileSegment(segment, now, params, 'profiles').where }));
      moves.push(...(await members.updateMembersOf(tx, profileIds, compiled, params)));
    }
    return moves;
  }
}
