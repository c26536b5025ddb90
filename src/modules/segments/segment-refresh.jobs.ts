import type { Logger } from '../../platform/logger';
import { IntervalJob } from '../../platform/queue/interval-job';
import type { JobQueue } from '../../platform/queue/job-queue';
import type { SegmentService } from './segment.service';

const SEGMENT_REFRESH_JOB = 'segments-refresh';
// "Ordered within 30 days" is re-evaluated this often: a profile leaves such a segment at most this late.
const SEGMENT_REFRESH_EVERY_MS = 15 * 60_000;

/** The scheduled whole evaluation of time-relative segments, on the same queue as the syncs. */
export function segmentRefreshJob(queue: JobQueue, segments: SegmentService, logger: Logger): IntervalJob {
  return new IntervalJob(queue, { name: SEGMENT_REFRESH_JOB, everyMs: SEGMENT_REFRESH_EVERY_MS, run: async () => ({ segments: await segments.refresh() }), doneMessage: 'time-relative segments re-evaluated' }, logger);
}
