import { CronExpressionParser } from 'cron-parser';
import { quoteValue } from '../../../connectors/sdk/records';
import { HubError } from '../../errors/hub-error';
import type { Repeat } from '../../platform/queue/job-queue';

const INTERVAL = /^every (\d+)(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
// Shorter intervals would mostly hammer the platform's rate limits (a `* * * * * *` cron ran 13 syncs in 12 s).
const SHORTEST_INTERVAL_MS = 60_000;

/**
 * A connection's schedule as written by users ('every 15m' or a five-field cron expression such as
 * '0 3 * * *') turned into the queue's repeat; a bad one gets an error that says what is accepted.
 * Nothing may fire more often than once a minute: intervals under 'every 1m', cron expressions with a
 * seconds field (six fields), and any cron whose next two fire times are under 60 s apart are refused.
 */
export function parseSchedule(schedule: string): Repeat {
  const interval = INTERVAL.exec(schedule);
  if (interval) {
    const everyMs = Number(interval[1]) * UNIT_MS[interval[2] as keyof typeof UNIT_MS];
    if (everyMs < SHORTEST_INTERVAL_MS) throw new HubError('BAD_USER_INPUT', `Schedule '${quoteValue(schedule)}' is too frequent; the shortest interval is 'every 1m'.`);
    return { everyMs };
  }
  if (schedule.trim().split(/\s+/).length > 5) {
    throw new HubError('BAD_USER_INPUT', `Schedule '${quoteValue(schedule)}' has a seconds field; cron schedules take five fields (minute hour day-of-month month day-of-week) and fire at most once a minute.`);
  }
  let fires: number[];
  try {
    // The parser BullMQ's job schedulers use, so what passes here is what they accept.
    const expression = CronExpressionParser.parse(schedule);
    fires = [expression.next().getTime(), expression.next().getTime()];
  } catch (error) {
    throw new HubError('BAD_USER_INPUT', `Schedule '${quoteValue(schedule)}' is neither an interval such as 'every 15m' nor a valid cron expression: ${quoteValue((error as Error).message, 200)}.`);
  }
  if (fires[1] - fires[0] < SHORTEST_INTERVAL_MS) {
    throw new HubError('BAD_USER_INPUT', `Schedule '${quoteValue(schedule)}' is too frequent: its next two runs are ${Math.round((fires[1] - fires[0]) / 1000)} s apart; schedules fire at most once a minute.`);
  }
  return { cron: schedule };
}
