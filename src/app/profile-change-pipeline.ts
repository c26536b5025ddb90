import { computedValuesOf, type ComputedTraitService } from '../modules/computed-traits';
import { consentStatusesOf, ProfileChangePipeline, traitValuesOf, type StageTrace } from '../modules/profiles';
import { segmentNames, type SegmentMembershipStage } from '../modules/segments';
import type { OutboxLookups, WebhookOutbox } from '../modules/webhooks';

export interface PipelineStages {
  computedTraits: ComputedTraitService;
  segmentMemberships: SegmentMembershipStage;
  outbox: WebhookOutbox;
}

/**
 * The order every profile change takes, whoever produced it (ingestion, merges and splits, erasure, the
 * computed-trait refresh, segment evaluations), all inside the producer's transaction:
 *
 *   computed traits → segments → webhook outbox
 *
 * Computed traits first, so a segment on a computed trait sees the value of the same commit; segments next,
 * on traits and computed traits alike; the outbox last, because it reports what the two before it made of
 * the change (computed values before and after, segment entries and exits).
 */
export function buildProfileChangePipeline(stages: PipelineStages, trace?: StageTrace): ProfileChangePipeline {
  return new ProfileChangePipeline(
    [
      { name: 'computed-traits', stage: stages.computedTraits },
      { name: 'segments', stage: stages.segmentMemberships },
      { name: 'outbox', stage: stages.outbox },
    ],
    trace,
  );
}

/** What the outbox reads for the bodies it writes, from the modules that own the data, in the change's transaction. */
export const OUTBOX_LOOKUPS: OutboxLookups = { traitValues: traitValuesOf, computedValues: computedValuesOf, consentValues: consentStatusesOf, segmentNames };
