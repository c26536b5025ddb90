import { CronExpressionParser } from 'cron-parser';
import type { Repeat, ScheduledJob } from './job-queue';

// setTimeout cannot wait longer than 2^31-1 ms; a far tick is reached in hops of a day.
const LONGEST_WAIT_MS = 86_400_000;

interface Schedule {
  repeat: Repeat;
  job: ScheduledJob;
  timer: NodeJS.Timeout;
}

/** When a repeat next fires after `now`: cron-parser (the parser BullMQ's job schedulers use) or the next multiple of the interval, as BullMQ counts it. */
export function nextTick(repeat: Repeat, now: number): number {
  if ('cron' in repeat) return CronExpressionParser.parse(repeat.cron, { currentDate: new Date(now) }).next().getTime();
  return Math.floor(now / repeat.everyMs) * repeat.everyMs + repeat.everyMs;
}

/**
 * Timers for the in-process queue's schedules. Each tick hands the job to `fire` with an id unique to
 * that tick. Timers are unref'd: a schedule alone does not keep a process alive.
 */
export class InProcessSchedules {
  private readonly schedules = new Map<string, Schedule>();

  constructor(private readonly fire: (job: ScheduledJob, tickId: string) => void) {}

  upsert(scheduleId: string, repeat: Repeat, job: ScheduledJob): void {
    this.remove(scheduleId);
    this.schedules.set(scheduleId, { repeat, job, timer: this.armFor(scheduleId, nextTick(repeat, Date.now())) });
  }

  remove(scheduleId: string): void {
    const schedule = this.schedules.get(scheduleId);
    if (schedule) clearTimeout(schedule.timer);
    this.schedules.delete(scheduleId);
  }

  list(): Map<string, Repeat> {
    return new Map([...this.schedules].map(([id, schedule]) => [id, schedule.repeat]));
  }

  clear(): void {
    for (const id of [...this.schedules.keys()]) this.remove(id);
  }

  private armFor(scheduleId: string, due: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const schedule = this.schedules.get(scheduleId);
      if (!schedule || schedule.timer !== timer) return;
      if (Date.now() >= due) this.fire(schedule.job, `${scheduleId}:${due}`);
      // Before `due` this was one hop of a long wait: keep waiting for the same tick.
      schedule.timer = this.armFor(scheduleId, Date.now() >= due ? nextTick(schedule.repeat, Math.max(Date.now(), due)) : due);
    }, Math.min(Math.max(due - Date.now(), 0), LONGEST_WAIT_MS));
    timer.unref();
    return timer;
  }
}
