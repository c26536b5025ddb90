import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

// Over the default cost budget: 500 profiles × 500 events each.
const OVER_BUDGET = '{ profiles(first: 500) { edges { node { id events(first: 500) { edges { node { id } } } } } } }';
const SMALL = '{ profiles(first: 1) { totalCount } }';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub('penalty_lane');
});

afterAll(async () => {
  await hub.services.queue.close();
  await hub.stop();
});

async function post(key: string, query: string) {
  const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query }) });
  return { status: response.status, body: (await response.json()) as any };
}

describe('the penalty lane for refused callers', () => {
  it("still answers every request of a key refused a moment ago, but only after other keys' requests", async () => {
    const { key: refused } = await hub.services.apiKeys.create('refused a moment ago', ['profiles:read'], { rateLimitPerMinute: 100_000 });
    const { key: neighbour } = await hub.services.apiKeys.create('neighbour', ['profiles:read'], { rateLimitPerMinute: 100_000 });
    const refusal = await post(refused, OVER_BUDGET);
    expect(refusal.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');

    const finished: string[] = [];
    const laneRequests = Array.from({ length: 30 }, (_, i) =>
      post(refused, SMALL).then((answer) => {
        finished.push(`refused ${i}`);
        return answer;
      }),
    );
    // Sent after all thirty: without the lane it would be answered about last.
    const neighbourRequest = post(neighbour, SMALL).then((answer) => {
      finished.push('neighbour');
      return answer;
    });
    const answers = await Promise.all([...laneRequests, neighbourRequest]);

    // Nothing lost: every request of the penalized key got its data.
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.data.profiles.totalCount).toBe(0);
    }
    expect(finished.indexOf('neighbour')).toBeLessThan(15);
  });

  it('keeps serving the lane when clients hang up while their requests wait in it', async () => {
    const { key } = await hub.services.apiKeys.create('hangs up', ['profiles:read'], { rateLimitPerMinute: 100_000 });
    expect((await post(key, OVER_BUDGET)).body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    const { port } = new URL(hub.url);
    const body = JSON.stringify({ query: OVER_BUDGET });
    // Twenty requests sent at once, each client gone right after sending: most wait in the lane when they hang up.
    await Promise.all(
      Array.from({ length: 20 }, () =>
        new Promise<void>((resolve) => {
          const socket = connect(Number(port), '127.0.0.1', () => {
            socket.write(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${key}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, () =>
              // Gone once the hub has had the request: hanging up before it is read would test nothing.
              setTimeout(() => {
                socket.destroy();
                resolve();
              }, 20),
            );
          });
        }),
      ),
    );
    const after = await post(key, SMALL);
    expect(after.status).toBe(200);
    expect(after.body.data.profiles.totalCount).toBe(0);
  });
});
