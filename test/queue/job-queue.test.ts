import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger';
import { BullMqQueue } from '../../src/platform/queue/bullmq-queue';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';
import { UnretryableJobError, type JobHandler, type JobQueue } from '../../src/platform/queue/job-queue';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger('silent');
const opened: JobQueue[] = [];

// The same behaviour is asked of both executors: the handlers must not care which one runs them.
const executors: [string, () => JobQueue][] = [
  ['in-process', () => new InProcessQueue(logger, 5)],
  ['BullMQ on Redis', () => new BullMqQueue(REDIS_URL, logger, { prefix: `test-${randomBytes(4).toString('hex')}`, backoffMs: 5 })],
];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((queue) => queue.close()));
});

function open(factory: () => JobQueue): JobQueue {
  const queue = factory();
  opened.push(queue);
  return queue;
}

describe.each(executors)('%s queue', (_name, factory) => {
  it('runs a job once per job id, however often it is enqueued', async () => {
    const queue = open(factory);
    const seen: string[] = [];
    await queue.startWorker({ sync: async (data) => void seen.push(data.runId) });
    await queue.enqueue('sync', { runId: 'run_1' }, { jobId: 'sync-run_1' });
    await queue.enqueue('sync', { runId: 'run_1' }, { jobId: 'sync-run_1' });
    await queue.drain();
    expect(seen).toEqual(['run_1']);
  });

  it('retries a failing job with backoff and tells the handler its last attempt', async () => {
    const queue = open(factory);
    const attempts: [number, boolean][] = [];
    const flaky: JobHandler = async (_data, { attempt, finalAttempt }) => {
      attempts.push([attempt, finalAttempt]);
      if (attempt < 3) throw new Error('upstream busy');
    };
    await queue.startWorker({ flaky });
    await queue.enqueue('flaky', {}, { jobId: 'flaky-1' });
    await queue.drain();
    expect(attempts).toEqual([[1, false], [2, false], [3, false]]);
  });

  it('does not retry what retrying cannot fix', async () => {
    const queue = open(factory);
    let calls = 0;
    await queue.startWorker({
      hopeless: async () => {
        calls++;
        throw new UnretryableJobError('bad credentials');
      },
    });
    await queue.enqueue('hopeless', {}, { jobId: 'hopeless-1' });
    await queue.drain();
    expect(calls).toBe(1);
  });
});

describe.each(executors)('%s queue schedules', (_name, factory) => {
  it('enqueues the scheduled job on every tick until the schedule is removed, and lists what it holds', async () => {
    const queue = open(factory);
    const ticks: string[] = [];
    await queue.startWorker({ tick: async (data) => void ticks.push(data.connectionId) });
    await queue.upsertSchedule('every-200ms', { everyMs: 200 }, { name: 'tick', data: { connectionId: 'conn_1' } });
    await queue.upsertSchedule('nightly', { cron: '0 3 * * *' }, { name: 'tick', data: { connectionId: 'conn_2' } });
    expect(await queue.schedules()).toEqual(new Map<string, unknown>([['every-200ms', { everyMs: 200 }], ['nightly', { cron: '0 3 * * *' }]]));

    await until(() => ticks.length >= 3);
    expect(new Set(ticks)).toEqual(new Set(['conn_1']));
    await queue.removeSchedule('every-200ms');
    await queue.drain();
    const afterRemoval = ticks.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(ticks.length).toBe(afterRemoval);
    expect([...(await queue.schedules()).keys()]).toEqual(['nightly']);
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (const started = Date.now(); !condition(); ) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('BullMQ with two workers on one queue', () => {
  it('processes every job exactly once between them', async () => {
    const prefix = `test-${randomBytes(4).toString('hex')}`;
    const producer = open(() => new BullMqQueue(REDIS_URL, logger, { prefix }));
    const workers = [open(() => new BullMqQueue(REDIS_URL, logger, { prefix })), open(() => new BullMqQueue(REDIS_URL, logger, { prefix }))];
    const processedBy = new Map<string, number[]>();
    await Promise.all(
      workers.map((worker, index) =>
        worker.startWorker({
          work: async (data) => {
            await new Promise((resolve) => setTimeout(resolve, 2));
            processedBy.set(data.n, [...(processedBy.get(data.n) ?? []), index]);
          },
        }),
      ),
    );
    for (let n = 0; n < 200; n++) await producer.enqueue('work', { n: String(n) }, { jobId: `work-${n}` });
    await producer.drain();
    expect(processedBy.size).toBe(200);
    expect([...processedBy.values()].every((by) => by.length === 1)).toBe(true);
    const perWorker = [0, 1].map((index) => [...processedBy.values()].filter((by) => by[0] === index).length);
    expect(perWorker.every((count) => count > 0)).toBe(true);
  });
});
