import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../sdk/emulation/emulator-server';
import { serveFixtures, shapeOf } from '../sdk/emulation/fixture-server';
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
/** Not official: the 84061 answer issue 21 reports for a follow user without customers (see fixtures/README.md). */
const NO_CUSTOMERS = example('externalcontact_list_84061');

const running: RunningEmulator[] = [];
afterEach(async () => void (await Promise.all(running.splice(0).map((server) => server.stop()))));
const track = <T extends RunningEmulator>(server: T): T => (running.push(server), server);

const [FIRST, SECOND] = FOLLOW_USERS.follow_user as string[];
const DOCUMENTED_IDS = CUSTOMER_IDS.external_userid as string[];
const config = (server: RunningEmulator) => ({ corpId: 'ww-fixture-corp', secret: 'fixture-secret', baseUrl: server.url });

/**
 * The documented answers for gettoken, get_follow_user_list and externalcontact/list: the first follow user has
 * the documented customers, the second none (84061). Scaffolding, not official (WeCom's complete examples for
 * these were not found): an empty tag library and one batch/get_by_user row per customer.
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
          return { errcode: 0, errmsg: 'ok', tag_group: [] };
        case '/cgi-bin/externalcontact/batch/get_by_user': {
          const asked = (body as { userid_list: string[] }).userid_list;
          const rows = asked.includes(FIRST) ? DOCUMENTED_IDS.map((id) => ({ external_contact: { external_userid: id, name: '李四', type: 1 }, follow_info: { userid: FIRST, remark: '李部长', createtime: 1525779812 } })) : [];
          return { errcode: 0, errmsg: 'ok', external_contact_list: rows, next_cursor: '' };
        }
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

  it('syncs the documented customers and completes the run although one follow user has none', async () => {
    const server = await documentedCorp();
    const result = await readAll(wecomConnector, EXTERNAL_CONTACTS, config(server));
    expect(result.records.map((record) => record.external_id).sort()).toEqual([...DOCUMENTED_IDS].sort());
    expect(result.rejections).toEqual([]);
    expect(result.finalState).toMatchObject({ completedAt: expect.any(String), pending: [] });
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
});
