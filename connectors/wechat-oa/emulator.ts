import { createHash, randomBytes } from 'node:crypto';
import type { EmulatorOptions, StartEmulator, StartedEmulator } from '../sdk/emulation/emulator';
import { serveEmulator, type EmulatorReply, type EmulatorRequest } from '../sdk/emulation/emulator-server';
import { FaultSwitches } from '../sdk/emulation/fault-switches';
import { REFERENCE_DATE, syntheticPeople, type SyntheticPerson } from '../sdk/emulation/synthetic-people';

/**
 * A WeChat Official Account (公众号) emulator: `POST /cgi-bin/stable_token` (credentials in a JSON body; without
 * `force_refresh` it answers the current stable token), `GET /cgi-bin/token` (credentials in the query string;
 * each call replaces the token it issued before, independently of the stable one), `GET /cgi-bin/user/get`,
 * `POST /cgi-bin/user/info/batchget` and `POST /cgi-bin/openapi/quota/get`, answering errors as HTTP 200
 * with `{ errcode, errmsg }` like WeChat. Every person of the synthetic pool follows the account; WeChat
 * shows only a per-app openid, a unionid (for ~85%), subscription time and source, tags and a remark.
 */
export interface WechatOaEmulatorOptions extends EmulatorOptions {
  appid?: string;
  secret?: string;
  /** Openids per `user/get` page; WeChat's is 10,000. Tests use less to cross page boundaries. */
  pageSize?: number;
}

export interface FollowerChange {
  remark?: string;
  tagid_list?: number[];
  /** Unfollowed and followed again at this time: WeChat then reports the latest subscribe_time. */
  resubscribedAt?: Date;
}

export interface WechatOaEmulator extends StartedEmulator {
  /** The openid the person `key` (p000042) has in this app; another appid gives another openid. */
  openidOf(key: string): string;
  /** Tokens issued so far by either token API: each new one invalidated the one before it of the same API. */
  readonly tokensIssued: number;
  /** WeChat keeps no modification time, so a change is to what it does show: remark, tags, a re-subscription. */
  touch(key: string, change?: FollowerChange): void;
  /** The person unfollows: `user/get` stops listing them, `batchget` answers `subscribe: 0`. */
  unsubscribe(key: string): void;
  /** Calls left today for an API path before it answers 45009 (daily quota reached). */
  setDailyLimit(path: string, calls: number): void;
}

interface Follower {
  openid: string;
  unionid?: string;
  subscribed: boolean;
  subscribeTime: number;
  scene: string;
  qrScene: number;
  qrSceneStr: string;
  tagids: number[];
  remark: string;
}

const SCENES = ['ADD_SCENE_SEARCH', 'ADD_SCENE_QR_CODE', 'ADD_SCENE_QR_CODE', 'ADD_SCENE_PROFILE_CARD', 'ADD_SCENE_ACCOUNT_MIGRATION', 'ADD_SCENE_WECHAT_ADVERTISEMENT', 'ADD_SCENE_PROFILE_LINK', 'ADD_SCENE_OTHERS'];
/** 2 is WeChat's built-in 星标组 (starred); 100+ are tags the operator created. */
const TAG_IDS = [2, 100, 101, 102, 103];
const TOKEN_LIFETIME_S = 7200;
const BATCH_LIMIT = 100;
/** Illustrative daily call limits (WeChat's depend on the account type and its followers). */
const DEFAULT_DAILY_LIMITS: Record<string, number> = { '/cgi-bin/token': 2000, '/cgi-bin/stable_token': 500_000, '/cgi-bin/user/get': 500, '/cgi-bin/user/info/batchget': 500_000, '/cgi-bin/openapi/quota/get': 1000 };

const digest = (...parts: string[]): Buffer => createHash('sha256').update(parts.join(':')).digest();

/** 28 characters like WeChat's: 'o', five characters shared by all openids of one app, then 22 of the person. */
export function openidFor(appid: string, key: string): string {
  return `o${digest('app', appid).toString('base64url').slice(0, 5)}${digest('openid', appid, key).toString('base64url').slice(0, 22)}`;
}

function followerOf(person: SyntheticPerson, appid: string): Follower {
  const h = digest('follower', appid, person.key);
  const scene = SCENES[h[0] % SCENES.length];
  const since = person.createdAt.getTime();
  const qr = scene === 'ADD_SCENE_QR_CODE';
  return {
    openid: openidFor(appid, person.key),
    // Binding to the Open Platform is per company, but people who never used a bound app lack a unionid here.
    unionid: digest('unionid', person.key)[0] % 100 < 85 ? person.unionid : undefined,
    subscribed: true,
    subscribeTime: Math.floor((since + (h.readUInt32BE(4) / 2 ** 32) * (REFERENCE_DATE.getTime() - since)) / 1000),
    scene,
    qrScene: qr && h[8] % 2 === 0 ? 1 + (h.readUInt16BE(9) % 999) : 0,
    qrSceneStr: qr && h[8] % 2 === 1 ? `store_${person.city}_${h[11] % 20}` : '',
    tagids: TAG_IDS.filter((_, index) => h[12 + index] % 4 === 0),
    remark: h[20] % 10 === 0 ? `${person.fullName} ${person.city}门店` : '',
  };
}

function userInfo(follower: Follower): Record<string, unknown> {
  const unionid = follower.unionid ? { unionid: follower.unionid } : {};
  if (!follower.subscribed) return { subscribe: 0, openid: follower.openid, ...unionid, tagid_list: [] };
  return {
    subscribe: 1,
    openid: follower.openid,
    // Still in the answer since WeChat stopped filling them (2021-12-27), empty for everyone.
    nickname: '',
    sex: 0,
    city: '',
    province: '',
    country: '',
    headimgurl: '',
    subscribe_time: follower.subscribeTime,
    ...unionid,
    remark: follower.remark,
    groupid: follower.tagids[0] ?? 0,
    tagid_list: follower.tagids,
    subscribe_scene: follower.scene,
    qr_scene: follower.qrScene,
    qr_scene_str: follower.qrSceneStr,
  };
}

const wechatError = (errcode: number, errmsg: string): EmulatorReply => ({ status: 200, body: { errcode, errmsg: `${errmsg} rid: ${randomBytes(6).toString('hex')}` } });

export const startEmulator = (async (options: WechatOaEmulatorOptions = {}): Promise<WechatOaEmulator> => {
  const appid = options.appid ?? 'wx5f8e2d71a3c94b06';
  const secret = options.secret ?? '3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e';
  const pageSize = options.pageSize ?? 10_000;
  const people = syntheticPeople(options.customers ?? 200, options.seed);
  const followers = new Map<string, Follower>(people.map((person) => [person.key, followerOf(person, appid)]));
  const byOpenid = new Map([...followers.values()].map((follower) => [follower.openid, follower]));
  const dailyLimits = { ...DEFAULT_DAILY_LIMITS };
  const usedToday = new Map<string, number>();
  const faults = new FaultSwitches();
  let current: { value: string; issuedAt: number; expired: boolean } | undefined;
  /** The stable token: kept apart from `current`, as WeChat keeps the two APIs' tokens apart. */
  let stable: { value: string; issuedAt: number; expired: boolean } | undefined;
  let tokensIssued = 0;

  /** Counts the call against its daily quota; false when the quota is already used up. */
  function withinQuota(path: string): boolean {
    const used = usedToday.get(path) ?? 0;
    if (used >= (dailyLimits[path] ?? Infinity)) return false;
    usedToday.set(path, used + 1);
    return true;
  }

  function refuseCredentials(grant: { grant_type?: unknown; appid?: unknown; secret?: unknown }, path: string): EmulatorReply | undefined {
    if (grant.grant_type !== 'client_credential') return wechatError(40002, 'invalid grant_type');
    if (!grant.appid) return wechatError(41002, 'appid missing');
    if (!grant.secret) return wechatError(41004, 'appsecret missing');
    if (grant.appid !== appid) return wechatError(40013, 'invalid appid');
    if (grant.secret !== secret) return wechatError(40125, 'invalid appsecret');
    if (!withinQuota(path)) return wechatError(45009, 'reach max api daily quota limit');
    return undefined;
  }

  const isLive = (token: typeof current) => token !== undefined && !token.expired && Date.now() - token.issuedAt < TOKEN_LIFETIME_S * 1000;

  function issueStableToken(body: unknown): EmulatorReply {
    const grant = (body ?? {}) as { grant_type?: unknown; appid?: unknown; secret?: unknown; force_refresh?: unknown };
    const refused = refuseCredentials(grant, '/cgi-bin/stable_token');
    if (refused) return refused;
    if (!isLive(stable) || grant.force_refresh === true) {
      stable = { value: randomBytes(96).toString('base64url'), issuedAt: Date.now(), expired: false };
      tokensIssued++;
    }
    return { status: 200, body: { access_token: stable!.value, expires_in: TOKEN_LIFETIME_S - Math.floor((Date.now() - stable!.issuedAt) / 1000) } };
  }

  function issueToken(query: URLSearchParams): EmulatorReply {
    const refused = refuseCredentials(Object.fromEntries(query), '/cgi-bin/token');
    if (refused) return refused;
    // A new token replaces the old one at once: whoever still holds the old one gets 40001.
    current = { value: randomBytes(96).toString('base64url'), issuedAt: Date.now(), expired: false };
    tokensIssued++;
    return { status: 200, body: { access_token: current.value, expires_in: TOKEN_LIFETIME_S } };
  }

  function refuseToken(token: string | null): EmulatorReply | undefined {
    if (!token) return wechatError(41001, 'access_token missing');
    if ((current || stable) && faults.plan.expireToken) {
      if (current) current.expired = true;
      if (stable) stable.expired = true;
      faults.set({ expireToken: false });
    }
    const held = token === stable?.value ? stable : token === current?.value ? current : undefined;
    if (!held) return wechatError(40001, 'invalid credential, access_token is invalid or not latest');
    if (!isLive(held)) return wechatError(42001, 'access_token expired');
    return undefined;
  }

  function listFollowers(query: URLSearchParams): EmulatorReply {
    // WeChat's order is its own; sorting by openid keeps "after next_openid" stable while followers come and go.
    const listed = [...byOpenid.values()].filter((follower) => follower.subscribed).map((follower) => follower.openid).sort();
    const after = query.get('next_openid') ?? '';
    const page = (after ? listed.filter((openid) => openid > after) : listed).slice(0, pageSize);
    return { status: 200, body: { total: listed.length, count: page.length, ...(page.length > 0 ? { data: { openid: page } } : {}), next_openid: page.at(-1) ?? '' } };
  }

  function describeFollowers(body: unknown): EmulatorReply {
    const list = (body as { user_list?: { openid?: string }[] } | undefined)?.user_list;
    if (!Array.isArray(list) || list.length === 0 || list.length > BATCH_LIMIT) return wechatError(40032, 'invalid openid list size');
    const found = list.map((entry) => byOpenid.get(entry?.openid ?? ''));
    if (found.some((follower) => !follower)) return wechatError(40003, 'invalid openid');
    return { status: 200, body: { user_info_list: found.map((follower) => userInfo(follower!)) } };
  }

  function quotaOf(body: unknown): EmulatorReply {
    const path = (body as { cgi_path?: string } | undefined)?.cgi_path ?? '';
    if (!(path in dailyLimits)) return wechatError(76021, 'cgi_path not found, please check');
    const used = usedToday.get(path) ?? 0;
    // The live API answers rate_limit and component_rate_limit beside quota (per-minute limits; illustrative values).
    return {
      status: 200,
      body: {
        errcode: 0,
        errmsg: 'ok',
        quota: { daily_limit: dailyLimits[path], used, remain: Math.max(0, dailyLimits[path] - used) },
        rate_limit: { call_count: 10_000, refresh_second: 60 },
        component_rate_limit: { call_count: 2_500, refresh_second: 60 },
      },
    };
  }

  const routes: Record<string, { method: 'GET' | 'POST'; serve: (request: EmulatorRequest) => EmulatorReply }> = {
    '/cgi-bin/user/get': { method: 'GET', serve: (request) => listFollowers(request.url.searchParams) },
    '/cgi-bin/user/info/batchget': { method: 'POST', serve: (request) => describeFollowers(request.body) },
    '/cgi-bin/openapi/quota/get': { method: 'POST', serve: (request) => quotaOf(request.body) },
  };

  function handle(request: EmulatorRequest): EmulatorReply {
    const path = request.url.pathname;
    if (faults.take('serverError')) return wechatError(-1, 'system error');
    if (faults.take('rateLimit')) return wechatError(45011, 'api minute-quota reach limit  mustslower  retry next minute');
    if (path === '/cgi-bin/token' && request.method === 'GET') return issueToken(request.url.searchParams);
    if (path === '/cgi-bin/stable_token' && request.method === 'POST') return issueStableToken(request.body);
    const route = routes[path];
    if (!route) return { status: 404, body: { errcode: 404, errmsg: `no such api: ${path}` } };
    if (request.method !== route.method) return wechatError(route.method === 'POST' ? 43002 : 43001, `require ${route.method} method`);
    const refusal = refuseToken(request.url.searchParams.get('access_token'));
    if (refusal) return refusal;
    if (!withinQuota(path)) return wechatError(45009, 'reach max api daily quota limit');
    return route.serve(request);
  }

  const running = await serveEmulator(handle, faults, options.port);
  const followerFor = (key: string): Follower => {
    const follower = followers.get(key);
    if (!follower) throw new Error(`the emulator has no person ${key}`);
    return follower;
  };
  return {
    ...running,
    config: { appid, secret, baseUrl: running.url },
    openidOf: (key) => followerFor(key).openid,
    get tokensIssued() {
      return tokensIssued;
    },
    touch(key, change = { remark: 'updated remark' }) {
      const follower = followerFor(key);
      if (change.remark !== undefined) follower.remark = change.remark;
      if (change.tagid_list !== undefined) follower.tagids = [...change.tagid_list];
      if (change.resubscribedAt) Object.assign(follower, { subscribed: true, subscribeTime: Math.floor(change.resubscribedAt.getTime() / 1000) });
    },
    unsubscribe(key) {
      followerFor(key).subscribed = false;
    },
    setDailyLimit(path, calls) {
      dailyLimits[path] = (usedToday.get(path) ?? 0) + calls;
    },
  };
}) satisfies StartEmulator;
