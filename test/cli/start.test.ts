import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CONNECTIONS } from '../../src/app/demo-platforms';
import { startHubProcess } from '../support/cli';

async function query(url: string, key: string | null, body: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body });
  return response.json() as Promise<any>;
}

function linesOf(output: string) {
  const lines = output.split('\n');
  const url = lines.find((line) => line.startsWith('GraphQL: '))!.slice('GraphQL: '.length);
  const key = lines.find((line) => line.startsWith('API key: '))!.slice('API key: '.length);
  return { url, key };
}

const demoNames = DEMO_CONNECTIONS.map((connection) => connection.name).sort();

describe('hub start with nothing configured', () => {
  it('runs on the embedded PostgreSQL, syncs the five demo platforms, prints the two lines, serves them and shuts down cleanly', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-start-'));
    const env: Record<string, string> = { HUB_DATA_DIR: dataDir, HUB_PORT: '0', DATABASE_URL: '', REDIS_URL: '' };
    const hub = await startHubProcess(['start'], env, /API key: \S+\n/, 90_000);
    try {
      expect(hub.output()).toMatch(/^GraphQL: http:\/\/127\.0\.0\.1:\d+\/graphql$/m);
      expect(hub.output()).toMatch(/^API key: hub_\S+$/m);
      const { url, key } = linesOf(hub.output());

      const { connections } = (await query(url, key, JSON.stringify({ query: '{ connections { name connector lastRun { status streams { read created } } } }' }))).data;
      expect(connections.map((connection: any) => connection.name).sort()).toEqual(demoNames);
      for (const connection of connections) {
        expect(connection.lastRun.status).toBe('succeeded');
        expect(connection.lastRun.streams.reduce((sum: number, stream: any) => sum + stream.created, 0)).toBeGreaterThan(0);
      }

      const counted = await query(url, key, JSON.stringify({ query: '{ profiles(first: 500) { totalCount edges { node { id sources } } } }' }));
      expect(counted.data.profiles.totalCount).toBeGreaterThan(0);
      const sourceCounts = counted.data.profiles.edges.map((edge: any) => edge.node.sources.length);
      expect(sourceCounts.filter((count: number) => count >= 3).length).toBeGreaterThan(20);

      const anonymous = await query(url, null, JSON.stringify({ query: '{ profiles(first: 5) { totalCount } }' }));
      expect(anonymous.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    } finally {
      hub.child.kill('SIGTERM');
    }
    expect(await hub.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    // A second start finds the demo in place: no new first syncs, the emulators back and reachable.
    const again = await startHubProcess(['start'], env, /API key: \S+\n/, 90_000);
    try {
      const { url, key } = linesOf(again.output());
      const runs = async () => (await query(url, key, JSON.stringify({ query: '{ connections { name lastRun { id } } }' }))).data.connections;
      const before = await runs();
      expect(before.map((connection: any) => connection.name).sort()).toEqual(demoNames);
      const triggered = (await query(url, key, JSON.stringify({ query: 'mutation { triggerSync(connectionId: "demo-shopify") { id } }' }))).data.triggerSync;
      let status = 'queued';
      for (let polls = 0; status === 'queued' || status === 'running'; polls++) {
        if (polls > 300) throw new Error('the restarted demo sync did not finish');
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = (await query(url, key, JSON.stringify({ query: `{ syncRun(id: "${triggered.id}") { status } }` }))).data.syncRun.status;
      }
      expect(status).toBe('succeeded');
    } finally {
      again.child.kill('SIGTERM');
    }
    expect(await again.exited).toBe(0);
  }, 240_000);
});
