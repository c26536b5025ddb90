import type { Logger } from '../../platform/logger';
import { IntervalJob } from '../../platform/queue/interval-job';
import type { JobQueue } from '../../platform/queue/job-queue';
import type { ComputedTraitRefresh } from './computed-trait-refresh';

const COMPUTED_TRAITS_REFRESH_JOB = 'computed-traits-refresh';
// Recency scores and activity windows count whole days; hourly keeps them at most an hour late.
const COMPUTED_TRAITS_REFRESH_EVERY_MS = 60 * 60_000;

/** The scheduled recomputation of computed traits that time alone moves (RFM recency, activity windows). */
export function computedTraitRefreshJob(queue: JobQueue, refresh: ComputedTraitRefresh, logger: Logger): IntervalJob {
  return new IntervalJob(
    queue,
    { name: COMPUTED_TRAITS_REFRESH_JOB, everyMs: COMPUTED_TRAITS_REFRESH_EVERY_MS, run: () => refresh.refresh(), doneMessage: 'computed traits recomputed' },
    logger,
  );
}
