import type { Logger } from '../logger';
import { sameRepeat, type JobHandler, type JobQueue } from './job-queue';

export interface IntervalJobSpec {
  /** The job name, also its schedule id: one schedule per name across all processes. */
  name: string;
  everyMs: number;
  run: () => Promise<Record<string, number>>;
  /** Logged with run's figures when any is above zero. */
  doneMessage: string;
}

/** A job the queue runs every `everyMs` on one of the workers (BullMQ's scheduler, or in-process). */
export class IntervalJob {
  constructor(
    private readonly queue: JobQueue,
    private readonly spec: IntervalJobSpec,
    private readonly logger: Logger,
  ) {}

  handlers(): Record<string, JobHandler> {
    return {
      [this.spec.name]: async () => {
        const figures = await this.spec.run();
        if (Object.values(figures).some((figure) => figure > 0)) this.logger.info(figures, this.spec.doneMessage);
      },
    };
  }

  /** Sets the schedule unless the queue holds it already (re-creating an interval scheduler fires it at once). */
  async schedule(): Promise<void> {
    const repeat = { everyMs: this.spec.everyMs };
    if (!sameRepeat((await this.queue.schedules()).get(this.spec.name), repeat)) await this.queue.upsertSchedule(this.spec.name, repeat, { name: this.spec.name, data: {} });
  }
}
