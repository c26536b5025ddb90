import { afterEach, describe, expect, it } from 'vitest';
import { parseCanonicalRecord } from '../sdk/records';
import type { StreamState } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';
import { HttpClient } from '../sdk/http-client';
import { readAll, testContext } from '../sdk/test-kit';
import { wechatOaConnector } from './connector';
import { startEmulator, type WechatOaEmulator, type WechatOaEmulatorOptions } from './emulator';
import { mapFollower } from './mapping';

const CUSTOMERS = 230;
/** Two user/get pages (120 + 110 openids), each described in a batch of 100 and a remainder. */
const PAGE_SIZE = 120;
const key = (index: number) => `p${String(index).padStart(6, '0')}`;
interface FollowerRecord extends Record<string, unknown> {
  external_id: string;
  wechat_unionid?: string;
  traits: Record<string, unknown>;
  events?: unknown[];
}

let emulator: WechatOaEmulator;
const running: WechatOaEmulator[] = [];
async function start(options: WechatOaEmulatorOptions = {}): Promise<WechatOaEmulator> {
  const started = await startEmulator({ customers: CUSTOMERS, pageSize: PAGE_SIZE, ...options });
  running.push(started);
  return started;
}
afterEach(async () => void (await Promise.all(running.splice(0).map((started) => started.stop()))));

async function read(state?: StreamState, context = testContext(), on = emulator) {
  const result = await readAll(wechatOaConnector, 'followers', on.config, state, context);
  return { ...result, records: result.records as FollowerRecord[] };
}
const openidsOf = (records: FollowerRecord[]) => records.map((record) => record.external_id as string);
const everyOpenid = () => Array.from({ length: CUSTOMERS }, (_, index) => emulator.openidOf(key(index))).sort();
const keyOf = (openid: string) => Array.from({ length: CUSTOMERS }, (_, index) => key(index)).find((k) => emulator.openidOf(k) === openid)!;
const calls = (path: string) => emulator.requests.filter((request) => request.path === path).length;

/** Reads the stream and calls `atCheckpoint` after each state message, for things that happen mid-run; `stopAt` simulates a crash. */
async function readAround(atCheckpoint: (n: number) => unknown, { state, stopAt }: { state?: StreamState; stopAt?: number } = {}) {
  const records: FollowerRecord[] = [];
  const states: StreamState[] = [];
  const context = testContext();
  for await (const message of wechatOaConnector.read('followers', emulator.config, state, context)) {
    if (message.type === 'record') records.push(message.record as FollowerRecord);
    if (message.type !== 'state') continue;
    states.push(message.state);
    if (states.length === stopAt) break;
    await atCheckpoint(states.length);
  }
  return { records, states, context };
}

describe('wechat-oa connector: a full pass over the followers', () => {
  it('reads every follower exactly once across user/get pages and batchget batches, as valid canonical records, with one token', async () => {
    emulator = await start();
    const { records, rejections, states, finalState } = await read();
    expect(openidsOf(records).sort()).toEqual(everyOpenid());
    expect(rejections).toEqual([]);
    for (const record of records) expect(parseCanonicalRecord(record)).toMatchObject({ ok: true });
    expect(calls('/cgi-bin/user/get')).toBe(3); // two pages, then the empty answer that ends the list
    expect(calls('/cgi-bin/user/info/batchget')).toBe(4);
    expect(states[0]).toMatchObject({ next_openid: '', offsetInPage: 100 });
    expect(finalState).toEqual({ next_openid: '', offsetInPage: 0 });
    expect(emulator.tokensIssued).toBe(1);
  });

  it('maps a follower to its openid, app, unionid when bound, tags, remark and a subscribe membership event', async () => {
    emulator = await start();
    const { records } = await read();
    const withUnionid = records.filter((record) => record.wechat_unionid).length / CUSTOMERS;
    expect(withUnionid).toBeGreaterThan(0.75);
    expect(withUnionid).toBeLessThan(0.95);
    const follower = records.find((record) => record.external_id === emulator.openidOf(key(5)))!;
    expect(follower).toMatchObject({ wechat_openid: follower.external_id, traits: { wechat_appid: emulator.config.appid, subscribed: true } });
    expect(follower.traits.tags).toMatch(/^(\d+(,\d+)*)?$/);
    expect(follower.events).toEqual([
      expect.objectContaining({ type: 'membership', occurred_at: expect.stringMatching(/^20\d\d-/), properties: expect.objectContaining({ kind: 'subscribe', scene: follower.traits.subscribe_scene }) }),
    ]);
  });

  it('gives the same person another openid in another Official Account, but the same unionid', async () => {
    emulator = await start();
    const other = await start({ appid: 'wx00aa11bb22cc33dd', customers: 20 });
    const [mine, theirs] = [(await read()).records, (await read(undefined, testContext(), other)).records];
    const person = Array.from({ length: 20 }, (_, index) => key(index)).find((k) => mine.find((r) => r.external_id === emulator.openidOf(k))?.wechat_unionid)!;
    expect(other.openidOf(person)).not.toBe(emulator.openidOf(person));
    const unionidIn = (records: FollowerRecord[], openid: string) => records.find((record) => record.external_id === openid)?.wechat_unionid;
    expect(unionidIn(theirs, other.openidOf(person))).toBe(unionidIn(mine, emulator.openidOf(person)));
  });

  it('starts a new full pass from the final state (WeChat cannot list only changes), carrying what changed since', async () => {
    emulator = await start();
    const first = await read();
    emulator.touch(key(7), { remark: 'VIP 复购', tagid_list: [2, 101] });
    emulator.unsubscribe(key(8));
    const second = await read(first.finalState);
    expect(second.records).toHaveLength(CUSTOMERS - 1); // an unfollower drops out of user/get
    expect(second.records.find((record) => record.external_id === emulator.openidOf(key(7)))?.traits).toMatchObject({ remark: 'VIP 复购', tags: '2,101' });
    expect(emulator.tokensIssued).toBe(1); // the token is shared by every run of this app in the process
  });

  it('resumes a crashed pass from its last checkpoint without re-reading what was stored', async () => {
    emulator = await start();
    const crashed = await readAround(() => {}, { stopAt: 3 });
    const resumed = await read(crashed.states.at(-1));
    expect([...openidsOf(crashed.records), ...openidsOf(resumed.records)].sort()).toEqual(everyOpenid());
  });

  it('finds its place again when followers left the page before the resumed run (no one skipped)', async () => {
    emulator = await start();
    const crashed = await readAround(() => {}, { stopAt: 1 }); // 100 of the first page's 120 described
    // Two followers already described leave: the re-fetched page shifts left, so offset 100 alone would skip two.
    for (const openid of everyOpenid().slice(0, 2)) emulator.unsubscribe(keyOf(openid));
    const resumed = await read(crashed.states[0]);
    const seen = new Set([...openidsOf(crashed.records), ...openidsOf(resumed.records)]);
    expect(everyOpenid().filter((openid) => !seen.has(openid))).toEqual([]);
  });

  it('keeps a follower who unfollows mid-pass, as no longer subscribed', async () => {
    emulator = await start();
    const leaving = everyOpenid()[110]; // on the first page, described in its second batch
    const { records } = await readAround((n) => n === 1 && emulator.unsubscribe(keyOf(leaving)));
    expect(records).toHaveLength(CUSTOMERS);
    const record = records.find((r) => r.external_id === leaving)!;
    expect(record).toMatchObject({ traits: { subscribed: false } });
    expect(record.events).toBeUndefined();
    // Unfollowing takes back the account's permission to message them; WeChat gives no time for it.
    expect(record).toMatchObject({ consent_wechat_service: 'withdrawn' });
    expect(record).not.toHaveProperty('consent_wechat_service_at');
    expect(parseCanonicalRecord(record)).toMatchObject({ ok: true });
  });

  it('gives a follower no name: the empty nickname WeChat sends stays out, and one that does come is a nickname', async () => {
    emulator = await start();
    const { records } = await read();
    for (const record of records) expect(Object.keys(record).filter((field) => field.endsWith('name'))).toEqual([]);
    // The documentation's example from before 2021-12-27, abridged (developers.weixin.qq.com, user/info).
    const documented = { subscribe: 1, openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', nickname: 'Band', sex: 1, language: 'zh_CN', city: '广州', subscribe_time: 1382694957, remark: '', tagid_list: [128, 2] };
    const mapped = mapFollower(documented, 'wx1');
    expect(mapped).toMatchObject({ ok: true, record: { external_id: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', nickname: 'Band' } });
    expect(mapped.ok && Object.keys(mapped.record).filter((field) => field.endsWith('name'))).toEqual(['nickname']);
    expect(parseCanonicalRecord(mapped.ok && mapped.record)).toMatchObject({ ok: true, record: { fields: { nickname: 'Band' } } });
  });

  it("reads following as consent to the account's service messages, given at subscribe_time", async () => {
    emulator = await start();
    const { records } = await read();
    for (const record of records) expect(record).toMatchObject({ consent_wechat_service: 'granted', consent_wechat_service_at: expect.stringMatching(/^20\d\d-/) });
    // The documentation's example: subscribe_time 1382694957 is 2013-10-25T09:55:57Z.
    const documented = mapFollower({ subscribe: 1, openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', subscribe_time: 1382694957, remark: '', tagid_list: [128, 2] }, 'wx1');
    expect(documented).toMatchObject({ ok: true, record: { consent_wechat_service: 'granted', consent_wechat_service_at: '2013-10-25T09:55:57.000Z' } });
    const parsed = parseCanonicalRecord(documented.ok && documented.record);
    expect(parsed.ok && parsed.record.consents).toEqual([{ channel: 'wechat', purpose: 'service', status: 'granted', at: new Date('2013-10-25T09:55:57Z') }]);
  });

  it('turns a follower row without an openid into a rejection, not a silent drop', () => {
    expect(mapFollower({ subscribe: 1, subscribe_time: 1_700_000_000 }, 'wx1')).toEqual({ ok: false, reason: 'follower entry has no openid' });
  });
});

describe('wechat-oa connector: when WeChat misbehaves', () => {
  it("waits out WeChat's per-minute limit (45011) and still reads every follower once", async () => {
    emulator = await start();
    emulator.faults.set({ rateLimit: 3 });
    const context = testContext();
    const { records } = await read(undefined, context);
    expect(context.waits.length).toBeGreaterThanOrEqual(3);
    expect(openidsOf(records).sort()).toEqual(everyOpenid());
  });

  it('retries "system busy" (errcode -1) without losing or repeating followers', async () => {
    emulator = await start();
    emulator.faults.set({ serverError: 4 });
    const { records } = await read();
    expect(openidsOf(records).sort()).toEqual(everyOpenid());
  });

  it('fetches a new token when the current one expires mid-pass (42001) and carries on', async () => {
    emulator = await start();
    const { records } = await readAround((n) => n === 1 && emulator.faults.set({ expireToken: true }));
    expect(openidsOf(records).sort()).toEqual(everyOpenid());
    expect(emulator.tokensIssued).toBe(2);
  });

  it('recovers when another process forced a new stable token and so invalidated ours (40001)', async () => {
    emulator = await start();
    const { appid, secret, baseUrl } = emulator.config;
    const { records } = await readAround(async (n) => {
      if (n === 2) await fetch(`${baseUrl}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify({ grant_type: 'client_credential', appid, secret, force_refresh: true }) });
    });
    expect(openidsOf(records).sort()).toEqual(everyOpenid());
    expect(emulator.tokensIssued).toBe(2); // ours, then theirs, which asking again without force_refresh answers
  });

  it('is not disturbed by another process fetching tokens from /cgi-bin/token: WeChat keeps the stable token apart', async () => {
    emulator = await start();
    const { appid, secret, baseUrl } = emulator.config;
    const { records } = await readAround(async (n) => {
      if (n === 2) await fetch(`${baseUrl}/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`);
    });
    expect(openidsOf(records).sort()).toEqual(everyOpenid());
    expect(emulator.tokensIssued).toBe(2); // ours, theirs; ours still good
  });

  it('sends the AppSecret in a request body, never in a URL', async () => {
    // The probe found credentials in token URLs, where proxies and access logs keep them.
    emulator = await start();
    const urls: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      urls.push(String(input));
      return fetch(input, init);
    };
    const context = { http: (options: ConstructorParameters<typeof HttpClient>[0]) => new HttpClient({ ...options, fetch: recording }) };
    expect(openidsOf((await read(undefined, { ...testContext(), ...context })).records).sort()).toEqual(everyOpenid());
    expect(urls.some((url) => url.includes('/cgi-bin/stable_token'))).toBe(true);
    for (const url of urls) expect(url).not.toContain(String(emulator.config.secret));
  });

  it('retries truncated JSON, and reports BAD_RESPONSE when it keeps arriving cut off', async () => {
    emulator = await start();
    emulator.faults.set({ truncateJson: 2 });
    expect(openidsOf((await read()).records).sort()).toEqual(everyOpenid());
    emulator.faults.set({ truncateJson: 100 });
    const error = await read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringMatching(/not valid JSON/) });
  });

  it("ends the run at the daily quota (45009) as RATE_LIMITED until WeChat's midnight reset, without retrying within the run", async () => {
    emulator = await start();
    emulator.setDailyLimit('/cgi-bin/user/info/batchget', 2);
    const context = testContext();
    const states: StreamState[] = [];
    const error = await (async () => {
      for await (const message of wechatOaConnector.read('followers', emulator.config, undefined, context)) if (message.type === 'state') states.push(message.state);
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, message: expect.stringMatching(/daily call quota .* midnight Beijing time/) });
    expect((error as ConnectorError).details).toMatchObject({ platformCode: 45009, retryAfterMs: expect.any(Number) });
    expect((error as ConnectorError).details.retryAfterMs).toBeLessThanOrEqual(86_400_000);
    expect(calls('/cgi-bin/user/info/batchget')).toBe(3);
    expect(context.waits).toEqual([]);
    expect(states).toHaveLength(2); // the checkpoint of every batch described before the quota ran out
    emulator.setDailyLimit('/cgi-bin/user/get', 0);
    expect(await wechatOaConnector.check(emulator.config, testContext())).toMatchObject({ ok: false, reason: expect.stringMatching(/daily quota is used up/) });
  });
});

describe('wechat-oa connector: check and credentials', () => {
  it('passes check with the right AppID and AppSecret', async () => {
    emulator = await start();
    expect(await wechatOaConnector.check(emulator.config, testContext())).toMatchObject({ ok: true });
  });

  it('names the token kind (stable_token) and its expiry, and the daily quota left for user/get and batchget', async () => {
    emulator = await start();
    const result = await wechatOaConnector.check(emulator.config, testContext());
    expect(result).toEqual({
      ok: true,
      checks: [
        { name: 'token', status: 'pass', detail: expect.stringMatching(/^stable_token .*expires in 7\d{3} s$/) },
        { name: 'quota /cgi-bin/user/get', status: 'pass', detail: '500 of 500 calls left today (0 used)' },
        { name: 'quota /cgi-bin/user/info/batchget', status: 'pass', detail: '500000 of 500000 calls left today (0 used)' },
      ],
    });
    expect(JSON.stringify(result)).not.toContain(String(emulator.config.secret));
  });

  it('warns when little of a daily quota is left, and fails when it is used up', async () => {
    emulator = await start();
    // Another system on the account spends 19 batchget calls of a 20-call day: 1 left, under a tenth.
    emulator.setDailyLimit('/cgi-bin/user/info/batchget', 20);
    const { appid, secret, baseUrl } = emulator.config;
    const grant = { grant_type: 'client_credential', appid, secret };
    const { access_token: token } = (await (await fetch(`${baseUrl}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify(grant) })).json()) as { access_token: string };
    for (let call = 0; call < 19; call++) {
      await fetch(`${baseUrl}/cgi-bin/user/info/batchget?access_token=${token}`, { method: 'POST', body: JSON.stringify({ user_list: [{ openid: emulator.openidOf(key(0)) }] }) });
    }
    await fetch(`${baseUrl}/cgi-bin/user/get?access_token=${token}`);
    emulator.setDailyLimit('/cgi-bin/user/get', 0);
    const result = await wechatOaConnector.check(emulator.config, testContext());
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^quota \/cgi-bin\/user\/get: 0 of 1 calls left today.*used up/) });
    expect(result.checks?.map((check) => [check.name, check.status])).toEqual([
      ['token', 'pass'],
      ['quota /cgi-bin/user/get', 'fail'],
      ['quota /cgi-bin/user/info/batchget', 'warn'],
    ]);
    expect(result.checks?.[2].detail).toBe('1 of 20 calls left today (19 used): low; a large sync may stop at the quota and resume after midnight Beijing time');
  });

  it('never calls cgi-bin/token, which would invalidate the token every other system on the account holds', async () => {
    emulator = await start();
    await read();
    await wechatOaConnector.check(emulator.config, testContext());
    expect(calls('/cgi-bin/stable_token')).toBeGreaterThan(0);
    expect(calls('/cgi-bin/token')).toBe(0);
    expect(emulator.requests.filter((request) => request.path === '/cgi-bin/stable_token').every((request) => request.method === 'POST')).toBe(true);
  });

  it('refuses a wrong AppSecret or AppID: check explains, read fails unrecoverably', async () => {
    emulator = await start();
    for (const config of [{ ...emulator.config, secret: 'not-the-secret' }, { ...emulator.config, appid: 'wx0000000000000000' }]) {
      expect(await wechatOaConnector.check(config, testContext())).toMatchObject({ ok: false, reason: expect.stringMatching(/check the Official Account's AppID and AppSecret/) });
      const error = await readAll(wechatOaConnector, 'followers', config).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    }
    expect(emulator.tokensIssued).toBe(0);
  });

  it('reports an unreachable host from check instead of throwing', async () => {
    emulator = await start();
    const config = emulator.config;
    await emulator.stop();
    running.splice(0);
    expect(await wechatOaConnector.check(config, testContext())).toMatchObject({ ok: false, reason: expect.stringMatching(/network error/) });
  });
});
