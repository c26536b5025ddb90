import DataLoader from 'dataloader';
import type { SegmentRow, SegmentService } from '../../modules/segments';

/** Per-request loaders of saved segments: a page of profiles asking for their segments costs two queries. */
export function createSegmentLoaders(segments: SegmentService) {
  return {
    segmentsOfProfile: new DataLoader<string, SegmentRow[]>(async (profileIds) => {
      const idsByProfile = await segments.segmentIdsOf(profileIds);
      const rows = new Map((await segments.findMany([...new Set([...idsByProfile.values()].flat())])).map((row) => [row.id, row]));
      return profileIds.map((id) => (idsByProfile.get(id) ?? []).flatMap((segmentId) => rows.get(segmentId) ?? []));
    }),
    segmentMemberCount: new DataLoader<string, number>(async (segmentIds) => {
      const counts = await segments.countMembers(segmentIds);
      return segmentIds.map((id) => counts.get(id) ?? 0);
    }),
  };
}

export type SegmentLoaders = ReturnType<typeof createSegmentLoaders>;
