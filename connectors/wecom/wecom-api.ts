import type { ConnectorContext } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';
import type { HttpClient, HttpRequest, TokenProvider } from '../sdk/http-client';
import { wecomInspector } from './wecom-signals';
import {
  WECOM_ERRCODES,
  type BatchByUserAnswer,
  type ContactDetailAnswer,
  type CorpTagListAnswer,
  type CustomerIdListAnswer,
  type ExternalContact,
  type FollowedContactRow,
  type FollowInfo,
  type FollowUserListAnswer,
  type TokenAnswer,
} from './wecom-types';

export interface WecomConnection {
  baseUrl: string;
  corpId: string;
  /** The customer-contact (客户联系) secret, or a self-built app's secret allowed to call it. */
  secret: string;
}

/** Renew this long before WeCom's 7,200 s expiry, so a long page loop never sends a token in its last seconds. */
const TOKEN_RENEW_MARGIN_MS = 5 * 60_000;

/**
 * One access token per connection, fetched lazily and shared by concurrent callers. WeCom hands back the
 * same token while it is valid, so re-fetching is harmless; invalidate() after 40014/42001 forces a new one.
 */
export class WecomTokenProvider implements TokenProvider {
  private current?: { token: Promise<string>; renewAt: number };

  constructor(
    private readonly http: HttpClient,
    private readonly connection: WecomConnection,
    private readonly now: () => number = Date.now,
  ) {}

  token(): Promise<string> {
    if (!this.current || this.now() >= this.current.renewAt) {
      const entry = { token: Promise.resolve(''), renewAt: Number.POSITIVE_INFINITY };
      entry.token = this.fetch().then(({ token, lifetimeMs }) => {
        entry.renewAt = this.now() + Math.max(0, lifetimeMs - TOKEN_RENEW_MARGIN_MS);
        return token;
      });
      // A failed fetch must not be cached: the next call asks again.
      entry.token.catch(() => this.current === entry && this.invalidate());
      this.current = entry;
    }
    return this.current.token;
  }

  invalidate(): void {
    this.current = undefined;
  }

  /** The lifetime WeCom gave the last token fetched, in seconds (for check()); undefined before the first fetch. */
  get lastExpiresInSeconds(): number | undefined {
    return this.expiresInSeconds;
  }

  private expiresInSeconds?: number;

  private async fetch(): Promise<{ token: string; lifetimeMs: number }> {
    const { corpId, secret } = this.connection;
    const { body } = await this.http.request<TokenAnswer>({ path: '/cgi-bin/gettoken', query: { corpid: corpId, corpsecret: secret } });
    if (typeof body?.access_token !== 'string' || body.access_token === '') throw malformed('/cgi-bin/gettoken', 'access_token');
    this.expiresInSeconds = typeof body.expires_in === 'number' ? body.expires_in : 7200;
    return { token: body.access_token, lifetimeMs: this.expiresInSeconds * 1000 };
  }
}

const withTokenInQuery = (request: HttpRequest, token: string): HttpRequest => ({ ...request, query: { ...request.query, access_token: token } });

/** The WeCom calls the connector makes, each checked for the shape it relies on. */
export class WecomApi {
  private readonly http: HttpClient;
  private readonly tokens: WecomTokenProvider;

  constructor(connection: WecomConnection, context: ConnectorContext, options: { maxRetries?: number } = {}) {
    const tokenHttp = context.http({ baseUrl: connection.baseUrl, inspect: wecomInspector(), maxRetries: options.maxRetries });
    this.tokens = new WecomTokenProvider(tokenHttp, connection);
    this.http = context.http({
      baseUrl: connection.baseUrl,
      tokens: this.tokens,
      applyToken: withTokenInQuery,
      inspect: wecomInspector(),
      maxRetries: options.maxRetries,
    });
  }

  /** Fetches (or reuses) the access token; answers the lifetime gettoken gave it, in seconds. */
  async tokenLifetime(): Promise<number> {
    await this.tokens.token();
    return this.tokens.lastExpiresInSeconds ?? 7200;
  }

  /** Employees with the customer-contact feature, in the app's visible range. */
  async followUsers(): Promise<string[]> {
    const path = '/cgi-bin/externalcontact/get_follow_user_list';
    const { body } = await this.http.request<FollowUserListAnswer>({ path });
    return strings(body?.follow_user, path, 'follow_user');
  }

  /**
   * Every customer one employee follows: ids only, one call, no paging. An employee with the customer-contact
   * feature but no customers yet answers errcode 84061 ("not external contact") with an empty list: that is
   * an empty list, as WeCom's official SDKs read it, not a refusal — one new hire must not stop the run.
   */
  async customerIdsOf(userid: string): Promise<string[]> {
    const path = '/cgi-bin/externalcontact/list';
    try {
      const { body } = await this.http.request<CustomerIdListAnswer>({ path, query: { userid } });
      return strings(body?.external_userid ?? [], path, 'external_userid');
    } catch (error) {
      if (error instanceof ConnectorError && error.details.platformCode === WECOM_ERRCODES.notExternalContact) return [];
      throw error;
    }
  }

  /** Corp tag id → name; follow rows only carry tag ids. */
  async corpTagNames(): Promise<Map<string, string>> {
    const path = '/cgi-bin/externalcontact/get_corp_tag_list';
    const { body } = await this.http.request<CorpTagListAnswer>({ method: 'POST', path, json: {} });
    if (!Array.isArray(body?.tag_group)) throw malformed(path, 'tag_group');
    const names = new Map<string, string>();
    for (const group of body.tag_group) for (const tag of group.tag ?? []) if (typeof tag?.id === 'string') names.set(tag.id, String(tag.name ?? tag.id));
    return names;
  }

  /** One page of (customer, follower) rows for up to 100 employees. */
  async contactsFollowedBy(userids: string[], cursor: string, limit: number): Promise<{ rows: FollowedContactRow[]; nextCursor: string }> {
    const path = '/cgi-bin/externalcontact/batch/get_by_user';
    const { body } = await this.http.request<BatchByUserAnswer>({ method: 'POST', path, json: { userid_list: userids, cursor, limit } });
    if (!Array.isArray(body?.external_contact_list)) throw malformed(path, 'external_contact_list');
    return { rows: body.external_contact_list, nextCursor: typeof body.next_cursor === 'string' ? body.next_cursor : '' };
  }

  /**
   * One customer with every follower (paged past 500 followers), tags named. Undefined when the customer
   * is no longer anyone's contact: that is news about the customer, not a failure of the run.
   */
  async contactDetail(externalUserid: string): Promise<{ contact: ExternalContact; follows: FollowInfo[]; tagNames: Map<string, string> } | undefined> {
    const path = '/cgi-bin/externalcontact/get';
    const follows: FollowInfo[] = [];
    const tagNames = new Map<string, string>();
    let contact: ExternalContact | undefined;
    let cursor = '';
    do {
      let body: ContactDetailAnswer | undefined;
      try {
        body = (await this.http.request<ContactDetailAnswer>({ path, query: { external_userid: externalUserid, cursor: cursor || undefined } })).body;
      } catch (error) {
        const gone = [WECOM_ERRCODES.notExternalContact, WECOM_ERRCODES.invalidExternalUserId] as (string | number | undefined)[];
        if (error instanceof ConnectorError && gone.includes(error.details.platformCode)) return undefined;
        throw error;
      }
      if (!body?.external_contact || !Array.isArray(body.follow_user)) throw malformed(path, 'external_contact, follow_user');
      contact = body.external_contact;
      for (const { tags, ...follow } of body.follow_user) {
        // A personal tag (type 2) has no tag_id; batch/get_by_user leaves those out too, so they stay out here.
        const corpTags = (tags ?? []).filter((tag): tag is typeof tag & { tag_id: string } => typeof tag.tag_id === 'string' && tag.tag_id !== '');
        for (const tag of corpTags) if (tag.tag_name) tagNames.set(tag.tag_id, tag.tag_name);
        follows.push({ ...follow, tag_id: corpTags.map((tag) => tag.tag_id) });
      }
      cursor = typeof body.next_cursor === 'string' ? body.next_cursor : '';
    } while (cursor);
    return { contact, follows, tagNames };
  }
}

function strings(value: unknown, path: string, field: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw malformed(path, field);
  return value;
}

function malformed(path: string, field: string): ConnectorError {
  return new ConnectorError('BAD_RESPONSE', `WeCom ${path} answered without a usable '${field}'`);
}
