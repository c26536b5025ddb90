import { consentFieldName } from '../sdk/records';

/**
 * Pure mapping from WeChat Official Account follower data (`/cgi-bin/user/info/batchget`) to canonical
 * records. WeChat no longer returns nickname, avatar, gender or region (since 2021-12-27; the keys may still
 * come, empty): a follower is an openid, perhaps a unionid, a subscription time and source, tags and the
 * operator's remark. A nickname that does come is kept as `nickname`, never as a name.
 */

/** One entry of `user_info_list`. An unsubscribed user (subscribe 0) comes back with little but the openid. */
export interface WechatFollowerInfo {
  subscribe?: number;
  openid?: string;
  /** Listed by the documentation, empty since 2021-12-27. */
  nickname?: string;
  language?: string;
  /** Unix seconds; the latest subscription when the user subscribed more than once. */
  subscribe_time?: number;
  /** Only when the account is bound to a WeChat Open Platform account. */
  unionid?: string;
  remark?: string;
  groupid?: number;
  tagid_list?: number[];
  subscribe_scene?: string;
  qr_scene?: number;
  qr_scene_str?: string;
}

export type FollowerMapping = { ok: true; record: Record<string, unknown> } | { ok: false; reason: string };

type Trait = string | number | boolean | null;

const SERVICE_CONSENT = consentFieldName('wechat', 'service');

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** Seconds since the epoch as an ISO instant; undefined for anything that is not a plausible timestamp. */
function isoFromUnixSeconds(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  return new Date(value * 1000).toISOString();
}

/**
 * One follower of the Official Account `appid` as a canonical record. The openid is the record's key and
 * its `wechat_openid`: it is only meaningful within this app, hence `traits.wechat_appid`.
 */
export function mapFollower(info: WechatFollowerInfo, appid: string): FollowerMapping {
  if (typeof info !== 'object' || info === null) return { ok: false, reason: 'follower entry is not an object' };
  const openid = text(info.openid);
  if (!openid) return { ok: false, reason: 'follower entry has no openid' };
  const unionid = text(info.unionid);
  const identity = { external_id: openid, wechat_openid: openid, ...(unionid ? { wechat_unionid: unionid } : {}) };

  if (info.subscribe !== 1) {
    // Unfollowed between the listing and the details call: what is left is the identity and the fact. WeChat
    // gives no time for an unfollow: the consent takes the time the hub reads it.
    return { ok: true, record: { ...identity, traits: { wechat_appid: appid, subscribed: false }, [SERVICE_CONSENT]: 'withdrawn' } };
  }

  const scene = text(info.subscribe_scene);
  const qrScene = text(info.qr_scene_str) ?? (typeof info.qr_scene === 'number' && info.qr_scene !== 0 ? String(info.qr_scene) : undefined);
  const traits: Record<string, Trait> = {
    wechat_appid: appid,
    subscribed: true,
    // Empty strings are kept on purpose: they say "no tags" / "no remark" now, clearing older values.
    tags: Array.isArray(info.tagid_list) ? info.tagid_list.join(',') : '',
    remark: typeof info.remark === 'string' ? info.remark.trim() : '',
  };
  if (scene) traits.subscribe_scene = scene;
  if (qrScene) traits.qr_scene = qrScene;
  const language = text(info.language);
  if (language) traits.language = language;
  const nickname = text(info.nickname);

  const subscribedAt = isoFromUnixSeconds(info.subscribe_time);
  // A follower without a usable subscribe time is still a follower: keep the record, skip the event.
  const events = subscribedAt
    ? [
        {
          // Re-subscribing changes subscribe_time, so each subscription is its own event; a re-read is the same event.
          id: `wechat-oa:${appid}:${openid}:subscribe:${info.subscribe_time}`,
          type: 'membership',
          occurred_at: subscribedAt,
          properties: { kind: 'subscribe', scene: scene ?? null, ...(qrScene ? { qr_scene: qrScene } : {}), wechat_appid: appid },
        },
      ]
    : [];
  // Following the account is what lets it send the person service messages: the wechat channel's `service` consent.
  const consent = { [SERVICE_CONSENT]: 'granted', ...(subscribedAt ? { [consentFieldName('wechat', 'service', true)]: subscribedAt } : {}) };
  return { ok: true, record: { ...identity, ...(nickname ? { nickname } : {}), traits, ...consent, ...(events.length > 0 ? { events } : {}) } };
}
