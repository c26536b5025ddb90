import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from './connector-error';
import { HttpClient, type HttpClientOptions } from './http-client';

type Reply = { status: number; body?: string; headers?: Record<string, string>; delayMs?: number };

/** A real HTTP server on 127.0.0.1 that answers from a script, one reply per request. */
let script: Reply[] = [];
let seen: { url: string; authorization?: string }[] = [];
/** Requests whose client hung up before the answer was sent. */
let abandoned: string[] = [];
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    seen.push({ url: request.url!, authorization: request.headers.authorization });
    const reply = script.shift() ?? { status: 200, body: '{"ok":true}' };
    const answer = setTimeout(() => {
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(reply.body ?? '');
    }, reply.delayMs ?? 0);
    response.on('close', () => {
      if (response.writableFinished) return;
      clearTimeout(answer);
      abandoned.push(request.url!);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  script = [];
  seen = [];
  abandoned = [];
});

/** Resolves once the server has received `count` requests in this test. */
async function requestsReceived(count: number): Promise<void> {
  while (seen.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

function client(options: Partial<HttpClientOptions> = {}) {
  const waits: number[] = [];
  const instance = new HttpClient({ baseUrl, maxRetries: 3, random: () => 1, sleep: async (ms) => void waits.push(ms), ...options });
  return { instance, waits };
}

describe('HttpClient', () => {
  it('retries 5xx with exponential backoff and then succeeds', async () => {
    script = [{ status: 502 }, { status: 503 }, { status: 200, body: '{"items":[1]}' }];
    const { instance, waits } = client({ backoff: { baseMs: 100, maxMs: 1000 } });
    const response = await instance.request({ path: '/customers', query: { page: 2 } });
    expect(response.body).toEqual({ items: [1] });
    expect(waits).toEqual([100, 200]);
    expect(seen.map((request) => request.url)).toEqual(['/customers?page=2', '/customers?page=2', '/customers?page=2']);
  });

  it('gives up after the last retry with a retryable error that says so', async () => {
    script = [{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }];
    const { instance } = client();
    const error = await instance.request({ path: '/x' }).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(error.message).toMatch(/gave up after 4 attempts/);
  });

  it('waits as long as Retry-After says on 429', async () => {
    script = [{ status: 429, headers: { 'retry-after': '7' } }, { status: 200, body: '{}' }];
    const { instance, waits } = client();
    await instance.request({ path: '/x' });
    expect(waits).toEqual([7000]);
  });

  it('turns truncated JSON into a clear error, retried, then reported', async () => {
    script = Array.from({ length: 4 }, () => ({ status: 200, body: '{"data": [{"id": 1}, {"id"' }));
    const error = await client().instance.request({ path: '/customers' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'BAD_RESPONSE' });
    expect(error.message).toMatch(/not valid JSON .*possibly cut off/);
  });

  it('times out a request that hangs', async () => {
    script = [{ status: 200, body: '{}', delayMs: 500 }];
    const error = await client({ timeoutMs: 50, maxRetries: 0 }).instance.request({ path: '/slow' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('refreshes an expired token once and goes on; a second refusal is unrecoverable', async () => {
    let issued = 0;
    const tokens = { token: async () => `t${issued}`, invalidate: () => void issued++ };
    script = [{ status: 401 }, { status: 200, body: '{"ok":1}' }];
    const { instance } = client({ tokens });
    expect((await instance.request({ path: '/me' })).body).toEqual({ ok: 1 });
    expect(seen.map((request) => request.authorization)).toEqual(['Bearer t0', 'Bearer t1']);

    script = [{ status: 401 }, { status: 401 }];
    const error = await instance.request({ path: '/me' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    expect(error.message).toMatch(/again after a token refresh/);
  });

  it('fails at once, without retrying, on missing permission', async () => {
    script = [{ status: 403 }];
    const { instance, waits } = client();
    await expect(instance.request({ path: '/x' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED', retryable: false });
    expect(waits).toEqual([]);
  });

  it('lets a platform read its own signals inside HTTP 200 bodies', async () => {
    // WeChat style: errcode in a 200 body; 45009 is a quota error, 42001 an expired token.
    script = [{ status: 200, body: '{"errcode":45009,"errmsg":"api freq out of limit"}' }, { status: 200, body: '{"errcode":42001}' }, { status: 200, body: '{"errcode":0,"data":1}' }];
    let issued = 0;
    const { instance, waits } = client({
      tokens: { token: async () => `t${issued}`, invalidate: () => void issued++ },
      applyToken: (request, token) => ({ ...request, query: { ...request.query, access_token: token } }),
      inspect: ({ body }) => {
        const errcode = (body as { errcode?: number }).errcode;
        if (errcode === 45009) return { kind: 'error', code: 'RATE_LIMITED', message: 'quota', retryAfterMs: 1234, platformCode: errcode };
        if (errcode === 42001) return { kind: 'token_expired', message: 'token expired (42001)' };
        return undefined;
      },
    });
    expect((await instance.request({ path: '/cgi-bin/user/get' })).body).toEqual({ errcode: 0, data: 1 });
    expect(waits).toEqual([1234]);
    expect(seen.map((request) => request.url)).toEqual(['/cgi-bin/user/get?access_token=t0', '/cgi-bin/user/get?access_token=t0', '/cgi-bin/user/get?access_token=t1']);
  });

  it('answers 204 with no body', async () => {
    script = [{ status: 204 }];
    expect(await client().instance.request({ path: '/contacts' })).toMatchObject({ status: 204, body: undefined });
  });

  describe('with a signal', () => {
    it('aborts the request in flight when the signal aborts, and rejects with its reason, not retried', async () => {
      script = [{ status: 200, body: '{}', delayMs: 600_000 }];
      const controller = new AbortController();
      const { instance, waits } = client({ signal: controller.signal });
      const pending = instance.request({ path: '/customers' }).catch((e) => e);
      await requestsReceived(1);
      const reason = new Error('run cancelled');
      controller.abort(reason);
      expect(await pending).toBe(reason);
      await expect.poll(() => abandoned).toEqual(['/customers']);
      expect(seen).toHaveLength(1);
      expect(waits).toEqual([]);
    });

    it('ends a retry backoff at once when the signal aborts, and sends no retry', async () => {
      script = [{ status: 503 }];
      const controller = new AbortController();
      // The real sleep: the backoff would wait ten minutes.
      const instance = new HttpClient({ baseUrl, maxRetries: 3, random: () => 1, backoff: { baseMs: 600_000, maxMs: 600_000 }, signal: controller.signal });
      const pending = instance.request({ path: '/orders' }).catch((e) => e);
      await requestsReceived(1);
      const reason = new Error('run cancelled');
      controller.abort(reason);
      expect(await pending).toBe(reason);
      expect(seen).toHaveLength(1);
      expect(abandoned).toEqual([]);
    });

    it('cuts short an injected sleep that ignores the signal', async () => {
      script = [{ status: 429, headers: { 'retry-after': '3600' } }];
      const controller = new AbortController();
      let backingOff: () => void = () => {};
      const backoffStarted = new Promise<void>((resolve) => (backingOff = resolve));
      const { instance } = client({
        signal: controller.signal,
        sleep: () => {
          backingOff();
          return new Promise<void>(() => {});
        },
      });
      const pending = instance.request({ path: '/x' }).catch((e) => e);
      await backoffStarted;
      controller.abort(new Error('stop'));
      expect(await pending).toMatchObject({ message: 'stop' });
      expect(seen).toHaveLength(1);
    });

    it('sends nothing once the signal has aborted', async () => {
      const controller = new AbortController();
      controller.abort(new Error('cancelled before it began'));
      await expect(client({ signal: controller.signal }).instance.request({ path: '/x' })).rejects.toThrow('cancelled before it began');
      expect(seen).toEqual([]);
    });

    it('still reports its own timeout as a retryable TIMEOUT while the signal stays quiet', async () => {
      script = [{ status: 200, body: '{}', delayMs: 500 }];
      const error = await client({ timeoutMs: 50, maxRetries: 0, signal: new AbortController().signal }).instance.request({ path: '/slow' }).catch((e) => e);
      expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
    });
  });
});
