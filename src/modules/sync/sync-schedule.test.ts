import { describe, expect, it } from 'vitest';
import { nextTick } from '../../platform/queue/in-process-schedules';
import { sameRepeat } from '../../platform/queue/job-queue';
import { parseSchedule } from './sync-schedule';

describe('parseSchedule', () => {
  it('reads intervals in seconds, minutes, hours and days', () => {
    expect(parseSchedule('every 15m')).toEqual({ everyMs: 900_000 });
    expect(parseSchedule('every 2h')).toEqual({ everyMs: 7_200_000 });
    expect(parseSchedule('every 1d')).toEqual({ everyMs: 86_400_000 });
    expect(parseSchedule('every 90s')).toEqual({ everyMs: 90_000 });
  });

  it('keeps a cron expression as written', () => {
    expect(parseSchedule('0 3 * * *')).toEqual({ cron: '0 3 * * *' });
    expect(parseSchedule('*/10 * * * *')).toEqual({ cron: '*/10 * * * *' });
  });

  it('refuses intervals under a minute and text that is neither, saying what is accepted', () => {
    expect(() => parseSchedule('every 5s')).toThrow(/too frequent; the shortest interval is 'every 1m'/);
    expect(() => parseSchedule('hourly')).toThrow(/neither an interval such as 'every 15m' nor a valid cron expression/);
    expect(() => parseSchedule('61 * * * *')).toThrow(/valid cron expression/);
  });

  it('refuses a six-field cron (a seconds field) such as the `* * * * * *` that ran 13 syncs in 12 s, naming the rule', () => {
    for (const schedule of ['* * * * * *', '*/5 * * * * *', '0 * * * * *']) {
      expect(() => parseSchedule(schedule)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/has a seconds field; cron schedules take five fields/) }));
    }
  });

  it('refuses any cron whose next two runs are under a minute apart', () => {
    expect(() => parseSchedule('@secondly')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/too frequent: its next two runs are 1 s apart; schedules fire at most once a minute/) }));
    expect(parseSchedule('* * * * *')).toEqual({ cron: '* * * * *' });
    expect(parseSchedule('@minutely')).toEqual({ cron: '@minutely' });
  });

  it('compares repeats by kind and value', () => {
    expect(sameRepeat({ everyMs: 60_000 }, { everyMs: 60_000 })).toBe(true);
    expect(sameRepeat({ everyMs: 60_000 }, { cron: '* * * * *' })).toBe(false);
    expect(sameRepeat({ cron: '0 3 * * *' }, { cron: '0 4 * * *' })).toBe(false);
    expect(sameRepeat(undefined, { cron: '0 3 * * *' })).toBe(false);
  });
});

describe('nextTick (the in-process queue, counted as BullMQ counts)', () => {
  it('fires intervals on multiples of the interval, strictly after now', () => {
    expect(nextTick({ everyMs: 60_000 }, 120_000)).toBe(180_000);
    expect(nextTick({ everyMs: 60_000 }, 130_000)).toBe(180_000);
  });

  it('fires cron schedules at the next matching minute', () => {
    const now = new Date(2026, 10, 23, 2, 59, 30).getTime();
    expect(nextTick({ cron: '0 3 * * *' }, now)).toBe(new Date(2026, 10, 23, 3, 0, 0).getTime());
    expect(nextTick({ cron: '0 3 * * *' }, new Date(2026, 10, 23, 3, 0, 0).getTime())).toBe(new Date(2026, 10, 24, 3, 0, 0).getTime());
  });
});
