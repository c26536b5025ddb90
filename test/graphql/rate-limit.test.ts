import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startHttpServer } from '../../src/app/http-server';
import { buildHubSchema } from '../../src/graphql/schema';
import { startTestHub, type TestHub } from '../support/hub';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUERY = '{ profiles(first: 1) { totalCount } }';
const hubs: TestHub[] = [];

afterAll(async () => {
  for (const hub of hubs) {
    await hub.services.queue.close();
    await hub.stop();
  }
});

async function post(url: string, key: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query: QUERY }) });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
}

// The same behaviour whether the count lives in this process or in Redis.
describe.each([
  { store: 'in-process', env: {} as Record<string, string> },
  { store: 'Redis', env: { REDIS_URL, HUB_QUEUE_PREFIX: `rl${randomBytes(4).toString('hex')}` } },
])('per-key rate limit ($store)', ({ env }) => {
  it('refuses a key over its own rate with RATE_LIMITED, HTTP 429 and Retry-After, and leaves other keys alone', async () => {
    const hub = await startTestHub('rate_limit', env);
    hubs.push(hub);
    const { key: flooding } = await hub.services.apiKeys.create('flooding client', ['profiles:read'], { rateLimitPerMinute: 3 });
    const { key: neighbour } = await hub.services.apiKeys.create('neighbour', ['profiles:read'], { rateLimitPerMinute: 3 });

    for (let i = 0; i < 3; i++) expect((await post(hub.url, flooding)).body.data.profiles.totalCount).toBe(0);
    const refused = await post(hub.url, flooding);
    expect(refused.status).toBe(429);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(refused.body.errors[0].message).toMatch(/sent its 3 requests of the minute; retry in \d+ s/);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);

    const other = await post(hub.url, neighbour);
    expect(other.status).toBe(200);
    expect(other.body.data.profiles.totalCount).toBe(0);
  });

  it("gives a key without a rate of its own the hub's HUB_RATE_LIMIT_PER_MINUTE", async () => {
    const hub = await startTestHub('rate_default', { ...env, HUB_RATE_LIMIT_PER_MINUTE: '2' });
    hubs.push(hub);
    const { key: generous } = await hub.services.apiKeys.create('own rate', ['profiles:read'], { rateLimitPerMinute: 100 });
    expect((await post(hub.url, hub.keys.read)).status).toBe(200);
    expect((await post(hub.url, hub.keys.read)).status).toBe(200);
    expect((await post(hub.url, hub.keys.read)).body.errors[0].extensions.code).toBe('RATE_LIMITED');
    for (let i = 0; i < 5; i++) expect((await post(hub.url, generous)).status).toBe(200);
  });
});

describe('rate limit across API processes', () => {
  it('counts a key once across two API servers sharing Redis', async () => {
    const hub = await startTestHub('rate_shared', { REDIS_URL, HUB_QUEUE_PREFIX: `rl${randomBytes(4).toString('hex')}` });
    hubs.push(hub);
    const second = await startHttpServer(hub.services, await buildHubSchema(), { host: '127.0.0.1', port: 0 });
    try {
      const { key } = await hub.services.apiKeys.create('two servers', ['profiles:read'], { rateLimitPerMinute: 4 });
      const statuses = [];
      for (const url of [hub.url, second.url, hub.url, second.url, hub.url, second.url]) statuses.push((await post(url, key)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await second.stop();
    }
  });
});

describe('hub apikey create --rate --max-cost', () => {
  it('refuses a rate that is not a whole number of at least 1', async () => {
    const hub = hubs[0]!;
    await expect(hub.services.apiKeys.create('bad', ['profiles:read'], { rateLimitPerMinute: 0 })).rejects.toThrow(/--rate must be a whole number of at least 1/);
    await expect(hub.services.apiKeys.create('bad', ['profiles:read'], { maxQueryCost: Number.NaN })).rejects.toThrow(/--max-cost must be a whole number/);
  });
});

describe('requests with unknown keys, per client address', () => {
  it('refuses an address past HUB_AUTH_FAILURES_PER_MINUTE unknown keys without looking its next keys up, and still serves valid keys from it', async () => {
    const hub = await startTestHub('auth_failures', { HUB_AUTH_FAILURES_PER_MINUTE: '3' });
    hubs.push(hub);
    const guess = () => `hub_${randomBytes(24).toString('base64url')}`;
    expect((await post(hub.url, hub.keys.read)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await post(hub.url, guess())).status).toBe(401);
    // The 401's count is taken as its answer finishes: give that a moment.
    await new Promise((resolve) => setTimeout(resolve, 50));

    const statementsBefore = hub.statementCount();
    const refused = await post(hub.url, guess());
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(refused.body.errors[0].message).toMatch(/missing or unknown API key from this address; retry in \d+ s/);
    expect(hub.statementCount()).toBe(statementsBefore);

    // A key this process has seen in the last minute is served from the same address; a key it has not seen waits out the minute.
    const valid = await post(hub.url, hub.keys.read);
    expect(valid.status).toBe(200);
    expect(valid.body.data.profiles.totalCount).toBe(0);
  });
});
