import type { Logger } from '../../platform/logger';
import { IntervalJob } from '../../platform/queue/interval-job';
import type { JobQueue } from '../../platform/queue/job-queue';
import type { WebhookDeliveryService } from './webhook-delivery.service';
import type { WebhookDispatcher } from './webhook-dispatcher';

const WEBHOOK_DISPATCH_JOB = 'webhooks-dispatch';

/**
 * The queue's tick for webhooks: retries whose time came and deliveries whose dispatcher died are picked
 * up by the worker that takes it. New events do not wait for it: their commit wakes every worker's dispatcher.
 */
export function webhookDispatchJob(queue: JobQueue, dispatcher: WebhookDispatcher, everyMs: number, logger: Logger): IntervalJob {
  return new IntervalJob(
    queue,
    {
      name: WEBHOOK_DISPATCH_JOB,
      everyMs,
      run: async () => {
        dispatcher.wake();
        return {};
      },
      doneMessage: 'webhook deliveries looked for',
    },
    logger,
  );
}

const WEBHOOK_PRUNE_JOB = 'webhooks-prune';
const PRUNE_EVERY_MS = 3_600_000;

/** Hourly: finished deliveries and their events past the retention are deleted, and stranded chains released. */
export function webhookPruneJob(queue: JobQueue, deliveries: WebhookDeliveryService, logger: Logger): IntervalJob {
  return new IntervalJob(queue, { name: WEBHOOK_PRUNE_JOB, everyMs: PRUNE_EVERY_MS, run: () => deliveries.prune(), doneMessage: 'webhook deliveries past their retention deleted (stranded: chains the safety net released)' }, logger);
}
