import type { Logger } from '../../platform/logger';
import type { JobHandler, JobQueue } from '../../platform/queue/job-queue';
import { sameRepeat } from '../sync/sync-schedule';
import type { SegmentService } from './segment.service';

export const SEGMENT_REFRESH_JOB = 'segments-refresh';
const SCHEDULE_ID = 'segments-refresh';
// "Ordered within 30 days" is re-evaluated this often: a profile leaves such a segment at most this late.
export const SEGMENT_REFRESH_EVERY_MS = 15 * 60_000;

/** The scheduled whole evaluation of time-relative segments, on the same queue as the syncs. */
export class SegmentRefreshJobs {
  constructor(
    private readonly queue: JobQueue,
    private readonly segments: SegmentService,
    private readonly logger: Logger,
  ) {}

  handlers(): Record<string, JobHandler> {
    return {
      [SEGMENT_REFRESH_JOB]: async () => {
        const refreshed = await this.segments.refresh();
        if (refreshed > 0) this.logger.info({ segments: refreshed }, 'time-relative segments re-evaluated');
      },
    };
  }

  /** Sets the schedule unless the queue holds it already (re-creating an interval scheduler fires it at once). */
  async schedule(): Promise<void> {
    const repeat = { everyMs: SEGMENT_REFRESH_EVERY_MS };
    if (!sameRepeat((await this.queue.schedules()).get(SCHEDULE_ID), repeat)) await this.queue.upsertSchedule(SCHEDULE_ID, repeat, { name: SEGMENT_REFRESH_JOB, data: {} });
  }
}
