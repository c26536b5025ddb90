import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger';
import { BullMqQueue } from '../../src/platform/queue/bullmq-queue';

const lines: string[] = [];
const logger = createLogger('warn', new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
let redis: ChildProcess | undefined;

afterAll(() => {
  redis?.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A Redis of this test's own, so that it can be killed and started again without touching anyone else's. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
  });
  return child;
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('BullMQ queue when Redis restarts', () => {
  it('logs the lost connection once instead of crashing, and runs jobs again once Redis is back', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    const queue = new BullMqQueue(`redis://127.0.0.1:${port}`, logger, { prefix: 'restart' });
    const seen: string[] = [];
    await queue.startWorker({ note: async (data) => void seen.push(data.id) });
    await queue.enqueue('note', { id: 'before' }, { jobId: 'before' });
    await waitFor(() => seen.includes('before'));

    const exited = new Promise((resolve) => redis!.once('exit', resolve));
    redis.kill('SIGKILL');
    await exited;
    await waitFor(() => lines.some((line) => line.includes('Redis connection error')));
    // Reconnect attempts keep failing while Redis is away; the log says so once, not once per attempt.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(lines.filter((line) => line.includes('Redis connection error'))).toHaveLength(1);

    redis = await startRedis(port);
    await queue.enqueue('note', { id: 'after' }, { jobId: 'after' });
    await waitFor(() => seen.includes('after'));
    expect(seen).toEqual(['before', 'after']);
    await queue.close();
  }, 60_000);
});
