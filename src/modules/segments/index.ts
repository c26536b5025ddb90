/**
 * Segments: a definition language over profiles (traits, identities, sources, events, computed traits), its
 * compiler to one parameterized statement, previews, and saved segments whose members are kept current as the
 * second stage of every profile change. This module owns segments, segment_memberships and segment_changes.
 */
export { SegmentService, type SegmentRow } from './segment.service';
export { SegmentMembershipStage } from './segment-membership.stage';
export { SegmentPreviewService, type PreparedSegment } from './segment-preview.service';
export { segmentRefreshJob } from './segment-refresh.jobs';
export { CONDITION_OPERATORS, type ConditionOperator, type SegmentConditionInput } from './segment-definition';
export { segmentNames } from './segment.store';
export { segmentDataOf, segmentErasure } from './segment-erasure.store';
