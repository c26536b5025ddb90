import type { CheckResult, Connector, ConnectorConfig, ConnectorContext, NamedCheck, ReadMessage, StreamState } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';
import type { HttpRequest } from '../sdk/http-client';
import { WechatAccessTokens, type WechatApp } from './access-token';
import { mapFollower, type WechatFollowerInfo } from './mapping';
import { endRunIfDailyQuotaReached, inspectTokenReply, inspectWechatReply } from './wechat-errors';

export const FOLLOWERS_STREAM = 'followers';
const DEFAULT_BASE_URL = 'https://api.weixin.qq.com';
/** `user/info/batchget` takes at most 100 openids per call. */
const DETAILS_BATCH = 100;

interface FollowerListPage {
  total?: number;
  count?: number;
  data?: { openid?: string[] };
  /** The last openid of this page; empty once the list is exhausted. */
  next_openid?: string;
}

interface QuotaReply {
  quota?: { daily_limit?: number; used?: number; remain?: number };
}

/**
 * Where a pass over the follower list stands. `next_openid` is the cursor that fetched the current
 * `user/get` page ('' = the start), `offsetInPage` how many of its openids are done, and `last_openid` the
 * last one done, to find the place again if followers came or went since (the page shifts under the offset).
 * `{ next_openid: '', offsetInPage: 0 }` starts a new full pass: WeChat cannot list only what changed.
 */
export interface FollowersState extends StreamState {
  next_openid: string;
  offsetInPage: number;
  last_openid?: string;
}

const FRESH_PASS: FollowersState = { next_openid: '', offsetInPage: 0 };

function appOf(config: ConnectorConfig): WechatApp {
  const { appid, secret, baseUrl } = config;
  if (typeof appid !== 'string' || appid.trim() === '' || typeof secret !== 'string' || secret === '') {
    throw new ConnectorError('BAD_CONFIG', 'wechat-oa needs the Official Account AppID (appid) and AppSecret (secret)');
  }
  return { appid: appid.trim(), secret, baseUrl: typeof baseUrl === 'string' && baseUrl !== '' ? baseUrl : DEFAULT_BASE_URL };
}

/** The Official Account's API: token in the query string, one shared token per app, errcodes read from the body. */
function officialAccountApi(app: WechatApp, context: ConnectorContext, tokens = accessTokens(app, context)) {
  const http = context.http({
    baseUrl: app.baseUrl,
    tokens,
    applyToken: (request: HttpRequest, token: string) => ({ ...request, query: { ...request.query, access_token: token } }),
    inspect: inspectWechatReply,
  });
  return async <T>(request: HttpRequest): Promise<T> => {
    const response = await http.request<T>(request);
    endRunIfDailyQuotaReached(response.body, request.path);
    return (response.body ?? {}) as T;
  };
}

function accessTokens(app: WechatApp, context: ConnectorContext): WechatAccessTokens {
  return new WechatAccessTokens(app, context.http({ baseUrl: app.baseUrl, inspect: inspectTokenReply }));
}

/** The APIs a sync spends daily quota on: one user/get call per 10,000 followers, one batchget per 100. */
const QUOTA_PATHS = ['/cgi-bin/user/get', '/cgi-bin/user/info/batchget'] as const;
/** Below this share of the daily limit left, the quota check warns. */
const LOW_QUOTA_SHARE = 0.1;

/** One named check per API's daily quota, from `openapi/quota/get`'s `quota: { daily_limit, used, remain }`. */
function quotaCheck(path: string, quota: QuotaReply['quota']): NamedCheck {
  const name = `quota ${path}`;
  const { daily_limit: limit, used, remain } = quota ?? {};
  if (typeof remain !== 'number' || typeof limit !== 'number') return { name, status: 'warn', detail: 'WeChat answered openapi/quota/get without a quota for this API' };
  // WeChat's own example answers zeros throughout: no limit reported is not a used-up quota.
  if (limit <= 0) return { name, status: 'warn', detail: `WeChat reported no daily limit for this API (daily_limit ${limit}, used ${used ?? 0}, remain ${remain})` };
  const counts = `${remain} of ${limit} calls left today (${used ?? limit - remain} used)`;
  if (remain <= 0) return { name, status: 'fail', detail: `${counts}: the daily quota is used up; it resets at midnight Beijing time (an administrator can reset it in the console)` };
  if (remain < limit * LOW_QUOTA_SHARE) return { name, status: 'warn', detail: `${counts}: low; a large sync may stop at the quota and resume after midnight Beijing time` };
  return { name, status: 'pass', detail: counts };
}

function resumeFrom(state: StreamState | undefined): FollowersState {
  if (!state || typeof state.next_openid !== 'string') return FRESH_PASS;
  const offsetInPage = typeof state.offsetInPage === 'number' && state.offsetInPage > 0 ? Math.floor(state.offsetInPage) : 0;
  return { next_openid: state.next_openid, offsetInPage, ...(typeof state.last_openid === 'string' ? { last_openid: state.last_openid } : {}) };
}

/** Where to continue in a re-fetched page; back to its start when the last openid done is gone (a repeat is harmless, a skip is not). */
function offsetToResume(openids: string[], position: FollowersState): number {
  const { offsetInPage, last_openid } = position;
  if (offsetInPage === 0) return 0;
  if (last_openid === undefined) return Math.min(offsetInPage, openids.length);
  if (openids[offsetInPage - 1] === last_openid) return offsetInPage;
  return openids.indexOf(last_openid) + 1;
}

/** Records for the followers WeChat described, and a rejection for each requested openid it did not. */
function* mapDetails(requested: string[], infos: unknown, appid: string): Generator<ReadMessage> {
  const answered = new Set<string>();
  for (const info of Array.isArray(infos) ? (infos as WechatFollowerInfo[]) : []) {
    const mapped = mapFollower(info, appid);
    if (mapped.ok) {
      answered.add(mapped.record.external_id as string);
      yield { type: 'record', record: mapped.record };
    } else {
      yield { type: 'rejection', reason: mapped.reason, raw: info };
    }
  }
  for (const openid of requested) {
    if (!answered.has(openid)) yield { type: 'rejection', reason: `user/info/batchget returned no details for follower ${openid}`, raw: { openid } };
  }
}

async function* readFollowers(app: WechatApp, state: StreamState | undefined, context: ConnectorContext): AsyncGenerator<ReadMessage> {
  const call = officialAccountApi(app, context);
  let position = resumeFrom(state);
  let lastCheckpoint: FollowersState | undefined;
  // user/get's `total` counts every follower: this read's total only when it starts a pass (a resumed one has read part).
  let announceTotal = !position.next_openid && !position.offsetInPage;
  for (;;) {
    if (context.signal?.aborted) return;
    const page = await call<FollowerListPage>({ path: '/cgi-bin/user/get', query: { next_openid: position.next_openid || undefined } });
    if (announceTotal && typeof page.total === 'number') yield { type: 'total', records: page.total };
    announceTotal = false;
    const openids = page.data?.openid ?? [];
    if (openids.length === 0) break;
    for (let offset = offsetToResume(openids, position); offset < openids.length; offset += DETAILS_BATCH) {
      if (context.signal?.aborted) return;
      const batch = openids.slice(offset, offset + DETAILS_BATCH);
      const details = await call<{ user_info_list?: unknown }>({
        method: 'POST',
        path: '/cgi-bin/user/info/batchget',
        json: { user_list: batch.map((openid) => ({ openid, lang: 'zh_CN' })) },
      });
      yield* mapDetails(batch, details.user_info_list, app.appid);
      const done = offset + batch.length;
      lastCheckpoint =
        done < openids.length
          ? { next_openid: position.next_openid, offsetInPage: done, last_openid: batch[batch.length - 1] }
          : { next_openid: page.next_openid ?? '', offsetInPage: 0 };
      yield { type: 'state', state: lastCheckpoint };
    }
    if (!page.next_openid) break;
    if (page.next_openid === position.next_openid) throw new ConnectorError('BAD_RESPONSE', `/cgi-bin/user/get answered next_openid ${page.next_openid} again: the list is not advancing`);
    position = { next_openid: page.next_openid, offsetInPage: 0 };
  }
  // The pass is complete: the next run starts a new one (unless the last checkpoint already says so).
  if (lastCheckpoint?.next_openid !== '' || lastCheckpoint.offsetInPage !== 0) yield { type: 'state', state: { ...FRESH_PASS } };
}

export const wechatOaConnector: Connector = {
  spec: {
    type: 'wechat-oa',
    title: 'WeChat Official Account (公众号) followers',
    fields: [
      { name: 'appid', type: 'string', required: true, description: 'The Official Account AppID (开发者ID), e.g. wx1a2b3c4d5e6f7a8b' },
      { name: 'secret', type: 'string', required: true, secret: true, description: 'The AppSecret (开发者密码) from 设置与开发 → 基本配置' },
      { name: 'baseUrl', type: 'string', required: false, destination: 'url', default: DEFAULT_BASE_URL, description: 'API base URL; change only to reach an emulator or a proxy' },
    ],
    traits: [
      { key: 'wechat_appid', type: 'text', description: 'The Official Account the openid belongs to' },
      { key: 'subscribed', type: 'boolean', description: 'Whether the person follows the account' },
      { key: 'tags', type: 'text', description: 'Tag ids, comma-separated' },
      { key: 'remark', type: 'text', description: "The account's remark on the follower" },
      { key: 'subscribe_scene', type: 'text', description: 'How the person subscribed (ADD_SCENE_…)' },
      { key: 'qr_scene', type: 'text', description: 'The QR scene code followed from (a code, compared as text)' },
      { key: 'language', type: 'text', description: "The follower's language" },
    ],
  },

  /**
   * Named checks: the token (always `cgi-bin/stable_token`, which leaves other systems' tokens alone) and its
   * expiry, then the daily quota left for the two APIs a sync spends (`openapi/quota/get`). Used up: not ok.
   */
  async check(config: ConnectorConfig, context: ConnectorContext): Promise<CheckResult> {
    const checks: NamedCheck[] = [];
    try {
      const app = appOf(config);
      const tokens = accessTokens(app, context);
      await tokens.token();
      checks.push({ name: 'token', status: 'pass', detail: `stable_token (does not invalidate other systems' tokens), expires in ${tokens.expiresInSeconds() ?? 7200} s` });
      const call = officialAccountApi(app, context, tokens);
      for (const path of QUOTA_PATHS) {
        const { quota } = await call<QuotaReply>({ method: 'POST', path: '/cgi-bin/openapi/quota/get', json: { cgi_path: path } });
        checks.push(quotaCheck(path, quota));
      }
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      checks.push({ name: checks.length === 0 ? 'token' : 'quota', status: 'fail', detail: error.message });
      return { ok: false, reason: error.message, checks };
    }
    const usedUp = checks.find((check) => check.status === 'fail');
    if (usedUp) return { ok: false, reason: `${usedUp.name}: ${usedUp.detail}`, checks };
    return { ok: true, checks };
  },

  streams: () => [{ name: FOLLOWERS_STREAM, incremental: false }],

  async *read(stream: string, config: ConnectorConfig, state: StreamState | undefined, context: ConnectorContext): AsyncGenerator<ReadMessage> {
    if (stream !== FOLLOWERS_STREAM) throw new ConnectorError('BAD_CONFIG', `wechat-oa has no stream '${stream}'; it offers '${FOLLOWERS_STREAM}'`);
    yield* readFollowers(appOf(config), state, context);
  },
};
