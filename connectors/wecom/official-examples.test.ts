import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../sdk/emulation/emulator-server';
import { serveFixtures, shapeOf, undocumentedFields } from '../sdk/emulation/fixture-server';
import { readAll, testContext } from '../sdk/test-kit';
import { EXTERNAL_CONTACTS, wecomConnector } from './connector';
import { startWecomEmulator } from './emulator';
import { NEW_HIRE } from './emulator-corp';
import { WecomApi } from './wecom-api';

/** WeCom's own example responses (see fixtures/README.md for each one's page), fed through the connector's real client. */
const example = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8'));
const GETTOKEN = example('gettoken');
const FOLLOW_USERS = example('get_follow_user_list');
const CUSTOMER_IDS = example('externalcontact_list');
const CORP_TAGS = example('get_corp_tag_list');
const BATCH_BY_USER = example('batch_get_by_user');
const CONTACT_DETAIL = example('externalcontact_get');
/** Not official: the 84061 answer issue 21 reports for a follow user without customers (see fixtures/README.md). */
const NO_CUSTOMERS = example('externalcontact_list_84061');

const running: RunningEmulator[] = [];
afterEach(async () => void (await Promise.all(running.splice(0).map((server) => server.stop()))));
const track = <T extends RunningEmulator>(server: T): T => (running.push(server), server);

const [FIRST, SECOND] = FOLLOW_USERS.follow_user as string[];
const DOCUMENTED_IDS = CUSTOMER_IDS.external_userid as string[];
const config = (server: RunningEmulator) => ({ corpId: 'ww-fixture-corp', secret: 'fixture-secret', baseUrl: server.url });

/**
 * A corp answering with WeCom's documented examples: gettoken, the follow-user list, the first follow user's
 * customer list, the tag library, batch/get_by_user and externalcontact/get. The second follow user has no
 * customers and answers 84061. The examples come from different pages and do not name the same people (the
 * batch rows are followed by rocky and lisi); the connector must cope with that as with any answer.
 */
async function documentedCorp(): Promise<RunningEmulator> {
  return track(
    await serveFixtures(({ url, body }) => {
      if (url.pathname === '/cgi-bin/gettoken') return GETTOKEN;
      if (url.searchParams.get('access_token') !== GETTOKEN.access_token) return { errcode: 40014, errmsg: 'invalid access_token' };
      switch (url.pathname) {
        case '/cgi-bin/externalcontact/get_follow_user_list':
          return FOLLOW_USERS;
        case '/cgi-bin/externalcontact/list':
          return url.searchParams.get('userid') === FIRST ? CUSTOMER_IDS : NO_CUSTOMERS;
        case '/cgi-bin/externalcontact/get_corp_tag_list':
          return CORP_TAGS;
        case '/cgi-bin/externalcontact/batch/get_by_user':
          // The example names a next page; its (undocumented) last page is empty.
          return (body as { cursor?: string }).cursor === BATCH_BY_USER.next_cursor ? { errcode: 0, errmsg: 'ok', external_contact_list: [], next_cursor: '' } : BATCH_BY_USER;
        case '/cgi-bin/externalcontact/get':
          // The example's next_cursor is a placeholder; its (undocumented) last page ends the paging.
          return url.searchParams.get('cursor') === CONTACT_DETAIL.next_cursor ? { ...CONTACT_DETAIL, follow_user: [], next_cursor: '' } : CONTACT_DETAIL;
        default:
          return undefined;
      }
    }),
  );
}

describe("WeCom connector on WeCom's official examples", () => {
  it('reads the documented follow-user list and customer list, and an employee answering 84061 as no customers', async () => {
    const server = await documentedCorp();
    const api = new WecomApi(config(server), testContext());
    expect(await api.followUsers()).toEqual([FIRST, SECOND]);
    expect(await api.customerIdsOf(FIRST)).toEqual(DOCUMENTED_IDS);
    expect(await api.customerIdsOf(SECOND)).toEqual([]);
    expect(server.requests.filter((request) => request.path === '/cgi-bin/gettoken')).toHaveLength(1);
  });

  it('syncs the documented batch/get_by_user customers and completes the run although one follow user has none (84061)', async () => {
    const server = await documentedCorp();
    const result = await readAll(wecomConnector, EXTERNAL_CONTACTS, config(server));
    expect(result.rejections).toEqual([]);
    expect(result.finalState).toMatchObject({ completedAt: expect.any(String), pending: [] });
    const [lisi, wangwu] = [...result.records].sort((a, b) => String(a.external_id).localeCompare(String(b.external_id)));
    expect(lisi).toMatchObject({
      external_id: 'woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA',
      nickname: '李四',
      gender: 'male',
      company: '腾讯科技有限公司',
      wechat_unionid: 'ozynqsulJFCZ2z1aYeS8h-nuasdAAA',
      phone: '+8613800000001',
      traits: expect.objectContaining({ contact_type: 'wecom', remark: '李部长', follow_user: 'rocky', remark_mobile: '13000000002', tags: 'etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA' }),
    });
    expect(lisi.events).toEqual([expect.objectContaining({ id: 'wecom:add_contact:woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA:rocky', occurred_at: new Date(1525779812 * 1000).toISOString() })]);
    expect(wangwu).toMatchObject({ external_id: 'woAJ2GCAAAXtWyujaWJHDDGi0mACHBBB', nickname: '王五', traits: expect.objectContaining({ add_state: '外联二维码1', add_way: 3 }) });
  });

  it('reads the documented externalcontact/get answer: every follower, corp tags named, the personal tag (no tag_id) left out', async () => {
    const server = await documentedCorp();
    const detail = await new WecomApi(config(server), testContext()).contactDetail('woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA');
    expect(detail?.contact).toMatchObject({ external_userid: 'woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA', name: '李四' });
    expect(detail?.follows.map((follow) => [follow.userid, follow.tag_id])).toEqual([
      ['rocky', ['etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA', 'stAJ2GCAAAXtWyujaWJHDDGi0mACHAAA']],
      ['tommy', []],
    ]);
    expect([...(detail?.tagNames.keys() ?? [])]).toEqual(['etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA', 'stAJ2GCAAAXtWyujaWJHDDGi0mACHAAA']);
  });

  it('names the documented token lifetime and follow-user count in testConnection', async () => {
    const server = await documentedCorp();
    const result = await wecomConnector.check(config(server), testContext());
    expect(result).toEqual({
      ok: true,
      checks: [
        { name: 'token', status: 'pass', detail: expect.stringContaining('expires in 7200 s') },
        { name: 'follow-users', status: 'pass', detail: expect.stringMatching(/^2 employee\(s\)/) },
      ],
    });
    expect(JSON.stringify(result)).not.toContain('fixture-secret');
  });
});

describe("WeCom emulator against WeCom's official examples", () => {
  it('answers gettoken, get_follow_user_list and externalcontact/list (with and without customers) in the documented shapes', async () => {
    const wecom = track(await startWecomEmulator({ customers: 20 }));
    const get = async (path: string) => (await fetch(`${wecom.url}${path}`)).json();
    const token = (await get(`/cgi-bin/gettoken?corpid=${wecom.config.corpId}&corpsecret=${wecom.config.secret}`)) as Record<string, unknown>;
    expect(shapeOf(token)).toEqual(shapeOf(GETTOKEN));
    expect(token.expires_in).toBe(GETTOKEN.expires_in);
    const authorised = (path: string) => get(`${path}${path.includes('?') ? '&' : '?'}access_token=${String(token.access_token)}`);
    expect(shapeOf(await authorised('/cgi-bin/externalcontact/get_follow_user_list'))).toEqual(shapeOf(FOLLOW_USERS));
    const employee = wecom.contacts[0].follows[0].userid;
    expect(shapeOf(await authorised(`/cgi-bin/externalcontact/list?userid=${employee}`))).toEqual(shapeOf(CUSTOMER_IDS));
    const none = (await authorised(`/cgi-bin/externalcontact/list?userid=${NEW_HIRE}`)) as { errmsg: string };
    expect(shapeOf(none)).toEqual(shapeOf(NO_CUSTOMERS));
    expect(none).toMatchObject({ errcode: 84061, errmsg: expect.stringMatching(/^not external contact/), external_userid: [] });
  });

  it('sends only documented fields, with their documented types, from the tag library, batch/get_by_user and externalcontact/get', async () => {
    const wecom = track(await startWecomEmulator({ customers: 40 }));
    const { access_token: token } = (await (await fetch(`${wecom.url}/cgi-bin/gettoken?corpid=${wecom.config.corpId}&corpsecret=${wecom.config.secret}`)).json()) as { access_token: string };
    const call = async (path: string, body?: unknown) =>
      (await fetch(`${wecom.url}${path}${path.includes('?') ? '&' : '?'}access_token=${token}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) })).json();
    // Every emulated contact shape at once: WeChat and WeCom users, with and without unionid, state or remark mobiles.
    const rows = await call('/cgi-bin/externalcontact/batch/get_by_user', { userid_list: [...new Set(wecom.contacts.flatMap(({ follows }) => follows.map((follow) => follow.userid)))], limit: 100 });
    expect(undocumentedFields(rows, BATCH_BY_USER)).toEqual([]);
    expect(undocumentedFields(await call('/cgi-bin/externalcontact/get_corp_tag_list', {}), CORP_TAGS)).toEqual([]);
    const tagged = wecom.contacts.find(({ follows }) => follows.some((follow) => (follow.tag_id ?? []).length > 0))!;
    expect(undocumentedFields(await call(`/cgi-bin/externalcontact/get?external_userid=${tagged.contact.external_userid}`), CONTACT_DETAIL)).toEqual([]);
  });
});
