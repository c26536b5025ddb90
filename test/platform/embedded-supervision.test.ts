import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHubProcess } from '../support/cli';

/**
 * The fault from issue 20: the embedded PostgreSQL dies under a running `hub start`. Before, every request
 * got 500 INTERNAL, /health said ok, nothing restarted it, and SIGTERM hung. Now /ready and the API say
 * 503 UNAVAILABLE while it is down, /health stays 200 (the process lives), the hub restarts the server,
 * and the API recovers by itself; SIGTERM ends the process within 10 s even with the database frozen.
 */

const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-supervision-'));
const env: Record<string, string> = { HUB_DATA_DIR: dataDir, HUB_PORT: '0', DATABASE_URL: '', REDIS_URL: '', HUB_DEMO: '0' };
const QUERY = JSON.stringify({ query: '{ profiles(first: 1) { totalCount } }' });

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function postmasterPid(): number {
  return Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('hub start supervising its embedded PostgreSQL', () => {
  it('answers 503 UNAVAILABLE and /ready 503 while the killed server is down, keeps /health 200, restarts it, and recovers', async () => {
    const hub = await startHubProcess(['start'], env, /API key: \S+\n/, 90_000);
    const lines = hub.output().split('\n');
    const url = lines.find((line) => line.startsWith('GraphQL: '))!.slice('GraphQL: '.length);
    const key = lines.find((line) => line.startsWith('API key: '))!.slice('API key: '.length);
    const base = url.replace(/\/graphql$/, '');
    const graphql = async () => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: QUERY });
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
    };
    const probe = async (route: string) => {
      const response = await fetch(base + route);
      return { status: response.status, body: (await response.json()) as any };
    };
    try {
      expect(await probe('/ready')).toEqual({ status: 200, body: { status: 'ready', checks: { database: { status: 'ok' }, queue: { status: 'ok' } } } });
      expect((await graphql()).status).toBe(200);

      const killed = postmasterPid();
      process.kill(killed, 'SIGKILL');
      const down = await until('the API while the database is down', graphql, (answer) => answer.status !== 200, 10_000);
      expect(down).toMatchObject({ status: 503, retryAfter: '5', body: { errors: [{ extensions: { code: 'UNAVAILABLE' } }] } });
      expect(JSON.stringify(down.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|password/);
      const notReady = await until('/ready while the database is down', () => probe('/ready'), (answer) => answer.status !== 200, 10_000);
      expect(notReady).toMatchObject({ status: 503, body: { status: 'unavailable', down: ['database'], checks: { database: { status: 'down' }, queue: { status: 'ok' } } } });
      expect(await probe('/health')).toEqual({ status: 200, body: { status: 'ok' } });

      // Restarted with back-off (1 s first), on the same port: the pool reconnects without anyone's help.
      await until('/ready after the restart', () => probe('/ready'), (answer) => answer.status === 200, 60_000);
      const recovered = await graphql();
      expect(recovered).toMatchObject({ status: 200, body: { data: { profiles: { totalCount: 0 } } } });
      expect(postmasterPid()).not.toBe(killed);
      expect(processAlive(postmasterPid())).toBe(true);
    } finally {
      hub.child.kill('SIGTERM');
    }
    expect(await hub.exited).toBe(0);
    expect(hub.errors()).toMatch(/the embedded PostgreSQL stopped unexpectedly; restarting it/);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 180_000);

  it('exits on SIGTERM before a 15 s deadline while the database is frozen mid-request', async () => {
    const hub = await startHubProcess(['start'], env, /API key: \S+\n/, 90_000);
    const lines = hub.output().split('\n');
    const url = lines.find((line) => line.startsWith('GraphQL: '))!.slice('GraphQL: '.length);
    const key = lines.find((line) => line.startsWith('API key: '))!.slice('API key: '.length);
    const postmaster = postmasterPid();
    const frozen = [postmaster, ...childrenOf(postmaster)];
    try {
      // SIGSTOP: the server neither answers nor closes its connections; a pool waiting on it never hears back.
      for (const pid of frozen) process.kill(pid, 'SIGSTOP');
      void fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: QUERY }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 300));
      hub.child.kill('SIGTERM');
      const deadline = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 15_000));
      expect(await Promise.race([hub.exited, deadline])).toBe(0);
    } finally {
      if (hub.child.exitCode === null) hub.child.kill('SIGKILL');
      for (const pid of frozen) if (processAlive(pid)) process.kill(pid, 'SIGCONT');
      // What the hub's stop asked of the frozen server happens now that it runs again; make sure it is gone.
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (processAlive(postmaster)) process.kill(postmaster, 'SIGKILL');
    }
  }, 120_000);

  it('keeps the superuser password of this data directory in a file of mode 0600 and asks for scram-sha-256', () => {
    const file = path.join(dataDir, 'pg-superuser.password');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    const rules = readFileSync(path.join(dataDir, 'pg', 'pg_hba.conf'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.trim().startsWith('#'));
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(rule).toMatch(/scram-sha-256\s*$/);
  });
});

function childrenOf(pid: number): number[] {
  const output = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  return output.split('\n').map((line) => Number(line.trim())).filter((child) => child > 0);
}
