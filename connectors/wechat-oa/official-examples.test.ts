import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../sdk/emulation/emulator-server';
import { serveFixtures, shapeOf, undocumentedFields } from '../sdk/emulation/fixture-server';
import { readAll, testContext } from '../sdk/test-kit';
import { wechatOaConnector } from './connector';
import { startEmulator } from './emulator';

/** WeChat's own example responses (see fixtures/README.md for each one's page), fed through the connector's real client. */
const example = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8'));
const USER_GET = example('user_get');
const USER_GET_40013 = example('user_get_error_40013');
const QUOTA_GET = example('openapi_quota_get');
const BATCHGET = example('user_info_batchget');

const running: RunningEmulator[] = [];
afterEach(async () => void (await Promise.all(running.splice(0).map((server) => server.stop()))));
const track = <T extends RunningEmulator>(server: T): T => (running.push(server), server);

// Scaffolding, not official: WeChat prints no example body for these (see fixtures/README.md).
const STABLE_TOKEN = { access_token: 'fixture-stable-token', expires_in: 7200 };
const describedFollowers = (body: unknown) => ({
  user_info_list: ((body as { user_list: { openid: string }[] }).user_list ?? []).map(({ openid }) => ({ subscribe: 1, openid, subscribe_time: 1382694957, tagid_list: [] })),
});
const config = (server: RunningEmulator) => ({ appid: 'wx-fixture-app', secret: 'fixture-secret', baseUrl: server.url });

describe("wechat-oa connector on WeChat's official examples", () => {
  it("reads the documented user/get answer: both openids described through batchget, and the next_openid followed", async () => {
    const batches: string[][] = [];
    const server = track(
      await serveFixtures(({ url, body }) => {
        if (url.pathname === '/cgi-bin/stable_token') return STABLE_TOKEN;
        if (url.pathname === '/cgi-bin/user/get') return url.searchParams.get('next_openid') === 'NEXT_OPENID' ? { total: 2, count: 0, next_openid: '' } : USER_GET;
        if (url.pathname === '/cgi-bin/user/info/batchget') {
          batches.push((body as { user_list: { openid: string }[] }).user_list.map(({ openid }) => openid));
          return describedFollowers(body);
        }
        return undefined;
      }),
    );
    const result = await readAll(wechatOaConnector, 'followers', config(server));
    expect(result.records.map((record) => record.external_id)).toEqual(['OPENID1', 'OPENID2']);
    expect(result.rejections).toEqual([]);
    expect(batches).toEqual([['OPENID1', 'OPENID2']]);
    expect(server.requests.filter((request) => request.path === '/cgi-bin/user/get')).toHaveLength(2);
    expect(server.requests.some((request) => request.path === '/cgi-bin/token')).toBe(false);
  });

  it('maps the documented batchget answer: a follower with unionid, tags and scene, and one who left as unsubscribed', async () => {
    const documented = (BATCHGET.user_info_list as { openid: string }[]).map(({ openid }) => openid);
    const server = track(
      await serveFixtures(({ url }) => {
        if (url.pathname === '/cgi-bin/stable_token') return STABLE_TOKEN;
        // Scaffolding: a follower list naming the two followers the batchget example describes.
        if (url.pathname === '/cgi-bin/user/get') return { total: 2, count: 2, data: { openid: documented }, next_openid: '' };
        if (url.pathname === '/cgi-bin/user/info/batchget') return BATCHGET;
        return undefined;
      }),
    );
    const { records, rejections } = await readAll(wechatOaConnector, 'followers', config(server));
    expect(rejections).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({
        external_id: 'otvxTs4dckWG7imySrJd6jSi0CWE',
        wechat_openid: 'otvxTs4dckWG7imySrJd6jSi0CWE',
        wechat_unionid: 'oR5GjjgEhCMJFyzaVZdrxZ2zRRF4',
        nickname: 'iWithery',
        traits: expect.objectContaining({ wechat_appid: 'wx-fixture-app', tags: '128,2', remark: '', subscribe_scene: 'ADD_SCENE_QR_CODE', qr_scene: '98765' }),
        events: [expect.objectContaining({ type: 'membership', occurred_at: new Date(1434093047 * 1000).toISOString() })],
      }),
      expect.objectContaining({ external_id: 'otvxTs_JZ6SEiP0imdhpi50fuSZg', traits: { wechat_appid: 'wx-fixture-app', subscribed: false } }),
    ]);
  });

  it('stops for good on the documented invalid-AppID error (40013), as a credentials problem', async () => {
    const server = track(await serveFixtures(({ url }) => (url.pathname === '/cgi-bin/stable_token' ? STABLE_TOKEN : url.pathname === '/cgi-bin/user/get' ? USER_GET_40013 : undefined)));
    const error = await readAll(wechatOaConnector, 'followers', config(server)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUTH_FAILED', retryable: false, message: expect.stringContaining('40013 (invalid appid)') });
  });

  it("reads the documented openapi/quota/get answer, whose zeros mean no limit reported rather than a used-up quota", async () => {
    const asked: unknown[] = [];
    const server = track(
      await serveFixtures(({ url, body }) => {
        if (url.pathname === '/cgi-bin/stable_token') return STABLE_TOKEN;
        if (url.pathname === '/cgi-bin/openapi/quota/get') return (asked.push(body), QUOTA_GET);
        return undefined;
      }),
    );
    const result = await wechatOaConnector.check(config(server), testContext());
    expect(asked).toEqual([{ cgi_path: '/cgi-bin/user/get' }, { cgi_path: '/cgi-bin/user/info/batchget' }]);
    expect(result).toMatchObject({ ok: true });
    expect(result.checks).toEqual([
      { name: 'token', status: 'pass', detail: 'stable_token (does not invalidate other systems\' tokens), expires in 7200 s' },
      { name: 'quota /cgi-bin/user/get', status: 'warn', detail: expect.stringContaining('no daily limit') },
      { name: 'quota /cgi-bin/user/info/batchget', status: 'warn', detail: expect.stringContaining('no daily limit') },
    ]);
  });
});

describe("wechat-oa emulator against WeChat's official examples", () => {
  it('answers user/get, openapi/quota/get and an invalid AppID with the documented fields and types', async () => {
    const emulator = track(await startEmulator({ customers: 3 }));
    const { appid, secret, baseUrl } = emulator.config;
    const post = async (path: string, body: unknown) => (await fetch(`${baseUrl}${path}`, { method: 'POST', body: JSON.stringify(body) })).json();
    const { access_token: token } = (await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid, secret })) as { access_token: string };

    const userGet = await (await fetch(`${baseUrl}/cgi-bin/user/get?access_token=${token}`)).json();
    expect(shapeOf(userGet)).toEqual(shapeOf(USER_GET));

    // The live API adds rate_limit and component_rate_limit; every documented field is there with its type.
    const quota = await post(`/cgi-bin/openapi/quota/get?access_token=${token}`, { cgi_path: '/cgi-bin/user/get' });
    expect(shapeOf(quota)).toMatchObject(shapeOf(QUOTA_GET) as object);

    // The emulator leaves out what WeChat stopped sending (language) and nothing else it sends is undocumented.
    const openids = (userGet as { data: { openid: string[] } }).data.openid;
    const described = await post(`/cgi-bin/user/info/batchget?access_token=${token}`, { user_list: openids.map((openid) => ({ openid, lang: 'zh_CN' })) });
    expect(undocumentedFields(described, BATCHGET)).toEqual([]);

    const refused = (await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: 'wx0000000000000000', secret })) as { errmsg: string };
    expect(shapeOf(refused)).toEqual(shapeOf(USER_GET_40013));
    expect(refused).toMatchObject({ errcode: 40013, errmsg: expect.stringMatching(/^invalid appid/) });
  });
});
