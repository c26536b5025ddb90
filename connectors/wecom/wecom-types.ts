/**
 * The WeCom (企业微信) external-contact JSON shapes this connector reads, as documented for
 * qyapi.weixin.qq.com. Every answer carries `errcode` (0 = ok) and `errmsg`, in HTTP 200.
 */

export interface WecomAnswer {
  errcode: number;
  errmsg: string;
}

/** GET /cgi-bin/gettoken?corpid=&corpsecret= */
export interface TokenAnswer extends WecomAnswer {
  access_token: string;
  /** Seconds, 7200. */
  expires_in: number;
}

/** The customer as WeChat / WeCom shows them: the same on every follower's row. */
export interface ExternalContact {
  /** wm… or wo…, unique within the corp. */
  external_userid: string;
  /** A WeChat user's nickname, or a WeCom user's display name: what they call themselves, not necessarily a legal name. */
  name?: string;
  /** 1 = WeChat user, 2 = WeCom user of another company. */
  type?: number;
  avatar?: string;
  /** 0 unknown, 1 male, 2 female. */
  gender?: number;
  /** Only for WeChat users, and only when the corp has bound a WeChat Open Platform account. */
  unionid?: string;
  position?: string;
  corp_name?: string;
  corp_full_name?: string;
}

/** One employee's relationship to the customer: what that employee typed and when they added them. */
export interface FollowInfo {
  userid: string;
  remark?: string;
  description?: string;
  /** Unix seconds. */
  createtime?: number;
  tag_id?: string[];
  remark_corp_name?: string;
  /** Typed by the employee: any format, sometimes not a phone number at all. */
  remark_mobiles?: string[];
  add_way?: number;
  /** The "contact me" channel code the customer came through. */
  state?: string;
}

/** One row of POST /cgi-bin/externalcontact/batch/get_by_user: one (customer, follower) pair. */
export interface FollowedContactRow {
  external_contact: ExternalContact;
  follow_info: FollowInfo;
}

export interface BatchByUserAnswer extends WecomAnswer {
  external_contact_list: FollowedContactRow[];
  /** Empty when there is no further page. */
  next_cursor?: string;
}

/** GET /cgi-bin/externalcontact/get: one customer with every follower; tags come with their names here. */
export interface ContactDetailAnswer extends WecomAnswer {
  external_contact: ExternalContact;
  follow_user: (Omit<FollowInfo, 'tag_id'> & { tags?: { group_name?: string; tag_name?: string; /** Absent for a personal tag (type 2). */ tag_id?: string; type?: number }[] })[];
  next_cursor?: string;
}

/** POST /cgi-bin/externalcontact/get_corp_tag_list */
export interface CorpTagListAnswer extends WecomAnswer {
  tag_group: { group_id: string; group_name: string; deleted?: boolean; tag: { id: string; name: string; deleted?: boolean }[] }[];
}

/** GET /cgi-bin/externalcontact/get_follow_user_list */
export interface FollowUserListAnswer extends WecomAnswer {
  follow_user: string[];
}

/** GET /cgi-bin/externalcontact/list?userid= : every customer one employee follows (no paging). */
export interface CustomerIdListAnswer extends WecomAnswer {
  external_userid: string[];
}

/** The errcodes the connector reacts to; anything else is a request WeCom will not accept as sent. */
export const WECOM_ERRCODES = {
  systemBusy: -1,
  invalidSecret: 40001,
  invalidCorpId: 40013,
  invalidToken: 40014,
  invalidParameter: 40058,
  invalidExternalUserId: 40096,
  missingToken: 41001,
  tokenExpired: 42001,
  frequencyLimit: 45009,
  concurrencyLimit: 45033,
  apiForbidden: 48002,
  noPrivilege: 60011,
  ipNotAllowed: 60020,
  notExternalContact: 84061,
} as const;
