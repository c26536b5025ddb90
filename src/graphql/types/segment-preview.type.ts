import { ObjectType } from 'type-graphql';
import type { PreparedSegment } from '../../modules/segments';

/** What a definition matches now; count and sample are resolved on demand (SegmentResolver). */
@ObjectType('SegmentPreview', { description: 'The live profiles a segment definition matches, now.' })
export class SegmentPreviewType {
  prepared!: PreparedSegment;
}
