import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from './connector-error';
import { HttpClient, type HttpClientOptions } from './http-client';

type Reply = { status: number; body?: string; headers?: Record<string, string>; delayMs?: number };

/** A real HTTP server on 127.0.0.1 that answers from a script, one reply per request. */
let script: Reply[] = [];
let seen: { url: string; authorization?: string }[] = [];
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    seen.push({ url: request.url!, authorization: request.headers.authorization });
    const reply = script.shift() ?? { status: 200, body: '{"ok":true}' };
    setTimeout(() => {
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(reply.body ?? '');
    }, reply.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  script = [];
  seen = [];
});

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
});
