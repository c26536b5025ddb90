import { afterEach, describe, expect, it } from 'vitest';
import { parseCanonicalRecord } from '../sdk/records';
import type { ConnectorConfig, ConnectorContext, StreamState } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';
import { readAll, testContext } from '../sdk/test-kit';
import { EXTERNAL_CONTACTS, wecomConnector } from './connector';
import { startWecomEmulator, type WecomEmulator } from './emulator';
import { NEW_HIRE } from './emulator-corp';
import { serveFixtures } from '../sdk/emulation/fixture-server';
import { nameFromRemark } from './remark-name';

const running: WecomEmulator[] = [];
afterEach(async () => void (await Promise.all(running.splice(0).map((emulator) => emulator.stop()))));

async function emulator(): Promise<WecomEmulator> {
  const started = await startWecomEmulator({ customers: 120 });
  running.push(started);
  return started;
}

/** Small pages and two employees per request, so a pass crosses many page and employee-group boundaries. */
const paged = (emulator: WecomEmulator): ConnectorConfig => ({ ...emulator.config, pageSize: 7, usersPerRequest: 2 });
const ids = (records: Record<string, unknown>[]) => records.map((record) => String(record.external_id)).sort();
const allIds = (emulator: WecomEmulator) => emulator.contacts.map(({ contact }) => contact.external_userid).sort();
const requestsTo = (emulator: WecomEmulator, path: string) => emulator.requests.filter((request) => request.path === path).length;
const read = (config: ConnectorConfig, state?: StreamState, context: ConnectorContext = testContext()) => readAll(wecomConnector, EXTERNAL_CONTACTS, config, state, context);

/** Reads like the sync would, storing records only when a checkpoint covers them; `onState` may stop the run. */
async function readWithCheckpoints(config: ConnectorConfig, onState: (state: StreamState) => 'continue' | 'crash', context = testContext()) {
  const stored: Record<string, unknown>[] = [];
  let uncommitted: Record<string, unknown>[] = [];
  let lastState: StreamState | undefined;
  for await (const message of wecomConnector.read(EXTERNAL_CONTACTS, config, undefined, context)) {
    if (message.type === 'record') uncommitted.push(message.record);
    if (message.type !== 'state') continue;
    stored.push(...uncommitted);
    uncommitted = [];
    lastState = message.state;
    if (onState(message.state) === 'crash') break;
  }
  return { stored, lastState };
}

describe('WeCom connector', () => {
  it('returns every external contact exactly once across pages and employee groups, each a valid canonical record', async () => {
    const wecom = await emulator();
    const result = await read(paged(wecom));
    expect(ids(result.records)).toEqual(allIds(wecom));
    expect(result.rejections).toEqual([]);
    expect(requestsTo(wecom, '/cgi-bin/externalcontact/batch/get_by_user')).toBeGreaterThan(10);
    for (const record of result.records) expect(parseCanonicalRecord(record)).toMatchObject({ ok: true });
    expect(result.records.filter((record) => record.wechat_unionid).length / result.records.length).toBeGreaterThan(0.7);
  });

  it('merges a customer followed by several employees into one record with every follower, tag and add event', async () => {
    const wecom = await emulator();
    const shared = wecom.contacts.filter(({ follows }) => follows.length >= 2);
    expect(shared.length).toBeGreaterThan(5);
    const { records } = await read(paged(wecom));
    for (const { contact, follows } of shared) {
      const record = records.find((candidate) => candidate.external_id === contact.external_userid)!;
      const traits = record.traits as Record<string, string>;
      expect(traits.follow_user.split(',').sort()).toEqual(follows.map((follow) => follow.userid).sort());
      expect(record.events).toHaveLength(follows.length);
      expect(traits.tags?.split(',').length ?? 0).toBe(new Set(follows.flatMap((follow) => follow.tag_id)).size);
    }
  });

  it("sends every customer's WeChat name as their nickname, and a name only where an employee typed one", async () => {
    const wecom = await emulator();
    const { records } = await read(paged(wecom));
    const nicknames = new Set<string>();
    for (const { contact, follows } of wecom.contacts) {
      const record = records.find((candidate) => candidate.external_id === contact.external_userid)!;
      expect(record.nickname).toBe(contact.name);
      nicknames.add(String(record.nickname));
      const typedNames = follows.map((follow) => nameFromRemark(follow.remark));
      if (record.full_name === undefined) expect(typedNames.every((name) => name === undefined)).toBe(true);
      else expect(typedNames).toContain(record.full_name);
      expect(record).not.toHaveProperty('first_name');
      expect(record).not.toHaveProperty('last_name');
    }
    // Strangers share a nickname such as 阳光: that is why it is not a name.
    expect(nicknames.size).toBeLessThan(wecom.contacts.length);
  });

  it('keeps an invalid remark mobile as a trait instead of the phone, so the customer is still accepted', async () => {
    const wecom = await emulator();
    const [typo, spaced] = wecom.contacts.filter(({ follows }) => follows.length === 1);
    wecom.touch(typo.key, { remarkMobile: '1380013800' });
    wecom.touch(spaced.key, { remarkMobile: '+86 138-0013-8000' });
    const { records } = await read(wecom.config);
    const byId = (id: string) => records.find((record) => record.external_id === id)!;
    expect(byId(typo.contact.external_userid)).toMatchObject({ traits: { remark_mobile: '1380013800' } });
    expect(byId(typo.contact.external_userid).phone).toBeUndefined();
    expect(byId(spaced.contact.external_userid).phone).toBe('+8613800138000');
    expect(parseCanonicalRecord(byId(typo.contact.external_userid)).ok).toBe(true);
  });

  it('resumes a crashed run from its last checkpoint, customers still held for another follower included', async () => {
    const wecom = await emulator();
    // Crash mid-page-sequence while some shared customers wait for their other follower's row.
    const crashed = await readWithCheckpoints(paged(wecom), (state) => ((state.pending as string[]).length > 0 && state.cursor !== '' ? 'crash' : 'continue'));
    expect((crashed.lastState?.pending as string[]).length).toBeGreaterThan(0);
    const resumed = await read(paged(wecom), crashed.lastState);
    expect(ids([...crashed.stored, ...resumed.records])).toEqual(allIds(wecom));
    expect(requestsTo(wecom, '/cgi-bin/externalcontact/get')).toBe((crashed.lastState?.pending as string[]).length);
  });

  it('starts a new full pass from the final state, as WeCom has no change filter, and carries what employees edited', async () => {
    const wecom = await emulator();
    expect(wecomConnector.streams(wecom.config)).toEqual([{ name: EXTERNAL_CONTACTS, incremental: false }]);
    const first = await read(wecom.config);
    expect(first.finalState).toMatchObject({ userIndex: 0, cursor: '', pending: [], completedAt: expect.any(String) });
    const edited = wecom.touch(wecom.contacts[3].key, { remark: '王总（已成交）' });
    const next = await read(wecom.config, first.finalState);
    expect(ids(next.records)).toEqual(allIds(wecom));
    expect(next.records.find((record) => record.external_id === edited)).toMatchObject({ traits: { remark: expect.stringContaining('王总（已成交）') } });
  });

  it('starts the pass over when WeCom no longer accepts a saved cursor, instead of stopping for good', async () => {
    const wecom = await emulator();
    const { records } = await read(paged(wecom), { userIndex: 2, cursor: 'expired-cursor', pending: [] });
    expect(ids(records)).toEqual(allIds(wecom));
  });

  it('waits out throttling (errcode 45009), longer each time, and still returns everything once', async () => {
    const wecom = await emulator();
    wecom.faults.set({ rateLimit: 3 });
    const context = testContext();
    const { records } = await read(paged(wecom), undefined, context);
    expect(context.waits).toEqual([1000, 2000, 4000]);
    expect(ids(records)).toEqual(allIds(wecom));
  });

  it('retries when WeCom is busy (errcode -1) or its gateway fails (502), losing nothing', async () => {
    const wecom = await emulator();
    wecom.faults.set({ serverError: 4 });
    const context = testContext();
    const { records } = await read(paged(wecom), undefined, context);
    expect(context.waits).toHaveLength(4);
    expect(ids(records)).toEqual(allIds(wecom));
  });

  it('fetches a new access token when the current one expires mid-run (errcode 42001) and carries on', async () => {
    const wecom = await emulator();
    let pages = 0;
    const { stored } = await readWithCheckpoints(paged(wecom), () => {
      if (++pages === 3) wecom.faults.set({ expireToken: true });
      return 'continue';
    });
    expect(requestsTo(wecom, '/cgi-bin/gettoken')).toBe(2);
    expect(ids(stored)).toEqual(allIds(wecom));
  });

  it('retries a truncated JSON answer, and gives a clear BAD_RESPONSE when it keeps coming', async () => {
    const wecom = await emulator();
    wecom.faults.set({ truncateJson: 2 });
    expect(ids((await read(paged(wecom))).records)).toEqual(allIds(wecom));

    wecom.faults.set({ truncateJson: 1000 });
    const failure = await read(paged(wecom)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ code: 'BAD_RESPONSE', retryable: true, message: expect.stringMatching(/not valid JSON.*gave up after 6 attempts/) });
  });

  it('reports a wrong secret or corp ID clearly in check, and fails read as unrecoverable', async () => {
    const wecom = await emulator();
    const wrongSecret = { ...wecom.config, secret: 'not-the-secret' };
    const check = await wecomConnector.check(wrongSecret, testContext());
    expect(check).toMatchObject({ ok: false, reason: expect.stringMatching(/AUTH_FAILED.*40001.*corp ID and the customer-contact secret/) });
    expect(check.checks).toEqual([{ name: 'token', status: 'fail', detail: expect.stringContaining('40001') }]);
    expect(JSON.stringify(check)).not.toContain('not-the-secret');
    expect(await wecomConnector.check({ ...wecom.config, corpId: 'ww0000' }, testContext())).toMatchObject({ ok: false, reason: expect.stringContaining('40013') });
    const failure = await read(wrongSecret).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
  });

  it('says in check when WeCom cannot be reached, and passes with good credentials', async () => {
    const wecom = await emulator();
    expect(await wecomConnector.check(wecom.config, testContext())).toMatchObject({ ok: true });
    const unreachable = await wecomConnector.check({ ...wecom.config, baseUrl: 'http://127.0.0.1:1' }, testContext());
    expect(unreachable).toMatchObject({ ok: false, reason: expect.stringContaining('cannot reach WeCom at http://127.0.0.1:1') });
  });

  it('rejects a row without an external_userid instead of dropping it, and emits the rest', async () => {
    const wecom = await emulator();
    const broken = wecom.contacts[5];
    const brokenRows = broken.follows.length;
    wecom.damage(broken.key);
    const { records, rejections } = await read(paged(wecom));
    expect(rejections).toHaveLength(brokenRows);
    expect(rejections[0].reason).toContain('external_userid is missing');
    expect(ids(records)).toEqual(allIds(wecom).filter((id) => id !== ''));
  });
});

describe('WeCom connector: an employee without customers (84061)', () => {
  it('answers externalcontact/list for a follow user without customers with 84061 and an empty list, as WeCom does', async () => {
    const wecom = await emulator();
    const reply = await fetch(`${wecom.url}/cgi-bin/gettoken?corpid=${wecom.config.corpId}&corpsecret=${wecom.config.secret}`);
    const { access_token: token } = (await reply.json()) as { access_token: string };
    const list = await (await fetch(`${wecom.url}/cgi-bin/externalcontact/list?access_token=${token}&userid=${NEW_HIRE}`)).json();
    expect(list).toEqual({ errcode: 84061, errmsg: expect.stringMatching(/^not external contact/), external_userid: [] });
  });

  it('syncs every other contact and ends the run with a completed checkpoint when one follow user has no customers', async () => {
    const wecom = await emulator();
    const result = await read(paged(wecom));
    expect(ids(result.records)).toEqual(allIds(wecom));
    expect(result.rejections).toEqual([]);
    expect(result.finalState).toMatchObject({ userIndex: 0, cursor: '', pending: [], completedAt: expect.any(String) });
    expect(wecom.requests.some((request) => request.path === '/cgi-bin/externalcontact/list')).toBe(true);
  });
});

describe('WeCom connector: testConnection checks', () => {
  it('names the token kind and its expiry, and how many employees can be synced', async () => {
    const wecom = await emulator();
    const result = await wecomConnector.check(wecom.config, testContext());
    expect(result).toMatchObject({ ok: true });
    expect(result.checks).toEqual([
      { name: 'token', status: 'pass', detail: expect.stringMatching(/gettoken.*customer-contact secret.*expires in 7200 s/) },
      { name: 'follow-users', status: 'pass', detail: expect.stringMatching(/^6 employee\(s\) with the customer-contact feature/) },
    ]);
    expect(JSON.stringify(result)).not.toContain(String(wecom.config.secret));
  });

  it('fails the follow-users check with the fix when the app may not call 客户联系 (48002)', async () => {
    const wecom = await emulator();
    wecom.denyCustomerContact();
    const result = await wecomConnector.check(wecom.config, testContext());
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('48002') });
    expect(result.checks).toEqual([
      { name: 'token', status: 'pass', detail: expect.any(String) },
      { name: 'follow-users', status: 'fail', detail: expect.stringMatching(/PERMISSION_DENIED.*48002.*客户联系 → 可调用接口的应用/) },
    ]);
  });
});

describe('WeCom connector: a batch/get_by_user answer that never advances', () => {
  it('stops with BAD_RESPONSE instead of asking for the same page forever', async () => {
    const page = { errcode: 0, errmsg: 'ok', external_contact_list: [], next_cursor: 'SAME' };
    const server = await serveFixtures(({ url }) => {
      if (url.pathname === '/cgi-bin/gettoken') return { errcode: 0, errmsg: 'ok', access_token: 'token', expires_in: 7200 };
      if (url.pathname === '/cgi-bin/externalcontact/get_follow_user_list') return { errcode: 0, errmsg: 'ok', follow_user: ['zhangsan'] };
      if (url.pathname === '/cgi-bin/externalcontact/list') return { errcode: 0, errmsg: 'ok', external_userid: [] };
      if (url.pathname === '/cgi-bin/externalcontact/get_corp_tag_list') return { errcode: 0, errmsg: 'ok', tag_group: [] };
      if (url.pathname === '/cgi-bin/externalcontact/batch/get_by_user') return page;
      return undefined;
    });
    try {
      const failure = await read({ corpId: 'ww-corp', secret: 'secret', baseUrl: server.url }).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('not advancing') });
      expect(server.requests.filter((request) => request.path === '/cgi-bin/externalcontact/batch/get_by_user')).toHaveLength(2);
    } finally {
      await server.stop();
    }
  });
});
