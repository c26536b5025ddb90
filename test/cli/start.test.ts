import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedDemoProfileCount } from '../../src/modules/demo/demo-dataset';
import { startHubProcess } from '../support/cli';

async function query(url: string, key: string | null, body: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body });
  return response.json() as Promise<any>;
}

describe('hub start with nothing configured', () => {
  it('runs on the embedded PostgreSQL, loads the demo, prints the two lines, serves them and shuts down cleanly', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-start-'));
    const env: Record<string, string> = { HUB_DATA_DIR: dataDir, HUB_PORT: '0', DATABASE_URL: '', REDIS_URL: '' };
    const hub = await startHubProcess(['start'], env, /API key: \S+\n/, 90_000);
    try {
      const lines = hub.output().split('\n');
      const graphqlLine = lines.find((line) => line.startsWith('GraphQL: '))!;
      const keyLine = lines.find((line) => line.startsWith('API key: '))!;
      expect(graphqlLine).toMatch(/^GraphQL: http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      expect(keyLine).toMatch(/^API key: hub_\S+$/);
      const url = graphqlLine.slice('GraphQL: '.length);
      const key = keyLine.slice('API key: '.length);

      const counted = await query(url, key, JSON.stringify({ query: '{ profiles(first: 5) { totalCount edges { node { id sources } } } }' }));
      expect(counted.data.profiles.totalCount).toBe(expectedDemoProfileCount());
      expect(counted.data.profiles.edges).toHaveLength(5);
      const multiSource = await query(url, key, JSON.stringify({ query: '{ profiles(first: 500) { edges { node { sources } } } }' }));
      expect(multiSource.data.profiles.edges.filter((edge: any) => edge.node.sources.length > 1).length).toBeGreaterThan(50);

      const anonymous = await query(url, null, JSON.stringify({ query: '{ profiles(first: 5) { totalCount } }' }));
      expect(anonymous.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    } finally {
      hub.child.kill('SIGTERM');
    }
    expect(await hub.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 120_000);
});
