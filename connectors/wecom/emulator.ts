import { randomBytes } from 'node:crypto';
import type { EmulatorOptions, StartEmulator, StartedEmulator } from '../sdk/emulation/emulator';
import { serveEmulator, type EmulatorReply, type EmulatorRequest } from '../sdk/emulation/emulator-server';
import { FaultSwitches } from '../sdk/emulation/fault-switches';
import { syntheticPeople } from '../sdk/emulation/synthetic-people';
import { buildCorp, type EmulatedContact } from './emulator-corp';
import { WECOM_ERRCODES as E, type FollowedContactRow } from './wecom-types';

/**
 * A WeCom external-contact API on 127.0.0.1. Serves:
 *   GET  /cgi-bin/gettoken?corpid=&corpsecret=            40013 bad corp id, 40001 bad secret
 *   GET  /cgi-bin/externalcontact/get_follow_user_list
 *   GET  /cgi-bin/externalcontact/list?userid=            84061 with an empty list for an employee without customers
 *   POST /cgi-bin/externalcontact/get_corp_tag_list
 *   POST /cgi-bin/externalcontact/batch/get_by_user       { userid_list ≤100, cursor, limit ≤100 (default 50) }
 *   GET  /cgi-bin/externalcontact/get?external_userid=
 * Everything but gettoken wants `access_token` in the query: 41001 missing, 40014 unknown, 42001 expired.
 * Errors are HTTP 200 with errcode, as on the real platform. Faults: rateLimit → 45009; serverError →
 * errcode -1 and HTTP 502 in turn; expireToken → the current token answers 42001 from the next call on;
 * truncateJson and slowMs are applied by serveEmulator.
 */
export interface WecomEmulator extends StartedEmulator {
  /** Every external contact the corp has, with its followers: the truth a full sync must return. */
  contacts: EmulatedContact[];
  /** Has an employee edit what they typed about a person (remark, a remark mobile); returns the external_userid. */
  touch(key: string, change: { remark?: string; remarkMobile?: string }): string;
  /** Makes a person's rows come back without an external_userid, as a broken upstream row would. */
  damage(key: string): void;
  /** The app is taken off 客户联系 → 可调用接口的应用: every externalcontact call answers 48002 (api forbidden). */
  denyCustomerContact(): void;
}

const TOKEN_LIFETIME_S = 7200;

export async function startWecomEmulator(options: EmulatorOptions = {}): Promise<WecomEmulator> {
  const corp = buildCorp(syntheticPeople(options.customers ?? 200, options.seed), options.seed);
  const faults = new FaultSwitches();
  const tokens = { current: undefined as string | undefined, expired: new Set<string>() };
  let serverErrors = 0;
  let customerContactDenied = false;

  const answer = (errcode: number, errmsg: string, extra: object = {}): EmulatorReply => ({
    status: 200,
    body: { errcode, errmsg: errcode === 0 ? 'ok' : `${errmsg}, hint: [${Date.now()}], more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`, ...extra },
  });
  const ok = (extra: object) => answer(0, 'ok', extra);
  const followedBy = (userid: string) => corp.contacts.filter((entry) => entry.follows.some((follow) => follow.userid === userid));
  const byKey = (key: string) => {
    const entry = corp.contacts.find((candidate) => candidate.key === key);
    if (!entry) throw new Error(`no WeCom contact for person ${key}`);
    return entry;
  };

  function issueToken(query: URLSearchParams): EmulatorReply {
    if (query.get('corpid') !== corp.corpId) return answer(E.invalidCorpId, 'invalid corpid');
    if (query.get('corpsecret') !== corp.secret) return answer(E.invalidSecret, 'invalid credential, access_token is invalid or not latest');
    // WeCom hands back the same token while it is valid.
    tokens.current ??= randomBytes(48).toString('base64url');
    return ok({ access_token: tokens.current, expires_in: TOKEN_LIFETIME_S });
  }

  function refuseToken(token: string | null): EmulatorReply | undefined {
    if (faults.plan.expireToken && tokens.current) {
      tokens.expired.add(tokens.current);
      tokens.current = undefined;
      faults.set({ expireToken: false });
    }
    if (!token) return answer(E.missingToken, 'access_token missing');
    if (tokens.expired.has(token)) return answer(E.tokenExpired, 'access_token expired');
    if (token !== tokens.current) return answer(E.invalidToken, 'invalid access_token');
    return undefined;
  }

  function batchByUser(body: unknown): EmulatorReply {
    const { userid_list: userids, cursor = '', limit = 50 } = (body ?? {}) as { userid_list?: unknown; cursor?: unknown; limit?: unknown };
    if (!Array.isArray(userids) || userids.length === 0 || userids.length > 100) return answer(E.invalidParameter, 'invalid userid_list size');
    const unknown = userids.find((userid) => !corp.employees.includes(userid));
    if (unknown !== undefined) return answer(40003, `invalid userid ${unknown}`);
    const offset = cursor === '' ? 0 : decodeCursor(String(cursor));
    if (offset === undefined) return answer(E.invalidParameter, 'invalid cursor');
    // Past the maximum the platform quietly uses the maximum.
    const pageSize = Math.min(100, Math.max(1, Number(limit) || 50));
    const rows: FollowedContactRow[] = userids.flatMap((userid: string) =>
      followedBy(userid).map(({ contact, follows }) => ({ external_contact: contact, follow_info: follows.find((follow) => follow.userid === userid)! })),
    );
    const end = offset + pageSize;
    return ok({ external_contact_list: rows.slice(offset, end), next_cursor: end < rows.length ? encodeCursor(end) : '' });
  }

  function contactDetail(externalUserid: string | null): EmulatorReply {
    const entry = corp.contacts.find(({ contact }) => contact.external_userid === externalUserid);
    if (!entry) return answer(E.invalidExternalUserId, 'invalid external userid');
    if (entry.follows.length === 0) return answer(E.notExternalContact, 'not external contact');
    const tagOf = (tagId: string) => {
      const group = corp.tagGroups.find((candidate) => candidate.tag.some((tag) => tag.id === tagId));
      return { group_name: group?.group_name, tag_name: group?.tag.find((tag) => tag.id === tagId)?.name, type: 1, tag_id: tagId };
    };
    const followUser = entry.follows.map(({ tag_id: tagIds = [], ...follow }) => ({ ...follow, tags: tagIds.map(tagOf) }));
    return ok({ external_contact: entry.contact, follow_user: followUser, next_cursor: '' });
  }

  function handle({ method, url, body }: EmulatorRequest): EmulatorReply {
    if (faults.take('rateLimit')) return answer(E.frequencyLimit, 'api freq out of limit');
    if (faults.take('serverError')) return ++serverErrors % 2 === 1 ? answer(E.systemBusy, 'system busy') : { status: 502 };
    const query = url.searchParams;
    if (url.pathname === '/cgi-bin/gettoken') return issueToken(query);
    const refusal = refuseToken(query.get('access_token'));
    if (refusal) return refusal;
    if (customerContactDenied && url.pathname.startsWith('/cgi-bin/externalcontact/')) return answer(E.apiForbidden, 'api forbidden');
    switch (`${method} ${url.pathname}`) {
      case 'GET /cgi-bin/externalcontact/get_follow_user_list':
        return ok({ follow_user: corp.employees });
      case 'GET /cgi-bin/externalcontact/list': {
        const userid = query.get('userid') ?? '';
        if (!corp.employees.includes(userid)) return answer(40003, `invalid userid ${userid}`);
        const customers = followedBy(userid).map(({ contact }) => contact.external_userid);
        // WeCom's answer for an employee without customers: an error code beside an empty list.
        if (customers.length === 0) return answer(E.notExternalContact, 'not external contact', { external_userid: [] });
        return ok({ external_userid: customers });
      }
      case 'POST /cgi-bin/externalcontact/get_corp_tag_list':
        return ok({ tag_group: corp.tagGroups });
      case 'POST /cgi-bin/externalcontact/batch/get_by_user':
        return batchByUser(body);
      case 'GET /cgi-bin/externalcontact/get':
        return contactDetail(query.get('external_userid'));
      default:
        return { status: 404 };
    }
  }

  const running = await serveEmulator(handle, faults, options.port);
  return {
    ...running,
    config: { baseUrl: running.url, corpId: corp.corpId, secret: corp.secret, pageSize: 100, usersPerRequest: 100 },
    contacts: corp.contacts,
    touch(key, change) {
      const entry = byKey(key);
      const [follow] = entry.follows;
      if (change.remark !== undefined) follow.remark = change.remark;
      if (change.remarkMobile !== undefined) follow.remark_mobiles = [change.remarkMobile];
      return entry.contact.external_userid;
    },
    damage(key) {
      byKey(key).contact.external_userid = '';
    },
    denyCustomerContact() {
      customerContactDenied = true;
    },
  };
}


// Opaque to the client, like WeCom's own cursors; only the emulator reads the offset inside.
function encodeCursor(offset: number): string {
  return Buffer.from(`wecom-emulator:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number | undefined {
  const match = /^wecom-emulator:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}
