import { createHash } from 'node:crypto';
import { ConnectorError } from '../sdk/connector-error';
import type { HttpClient, TokenProvider } from '../sdk/http-client';
import { endRunIfDailyQuotaReached } from './wechat-errors';

export interface WechatApp {
  baseUrl: string;
  appid: string;
  secret: string;
}

interface IssuedToken {
  value: string;
  /** When to stop using it: a few minutes before WeChat's own expiry, so a call never races the deadline. */
  renewAt: number;
  /** WeChat's own expiry (from `expires_in`), for testConnection. */
  expiresAt: number;
}

interface AppTokenSlot {
  current?: IssuedToken;
  pending?: Promise<IssuedToken>;
}

const RENEW_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * Tokens come from `POST /cgi-bin/stable_token`, which takes the AppSecret in a JSON body (`GET /cgi-bin/token`
 * takes it in the query string, where proxy and access logs keep it) and, without `force_refresh`, answers the
 * app's current stable token instead of replacing it. Every provider of one app shares one slot all the same
 * (keyed by a hash of the secret too, so a changed secret never reuses a token fetched with the old one).
 */
const slots = new Map<string, AppTokenSlot>();

function slotFor(app: WechatApp): AppTokenSlot {
  const key = `${app.baseUrl}|${app.appid}|${createHash('sha256').update(app.secret).digest('hex').slice(0, 16)}`;
  let slot = slots.get(key);
  if (!slot) slots.set(key, (slot = {}));
  return slot;
}

interface TokenReply {
  access_token?: string;
  expires_in?: number;
}

/**
 * The access token of one Official Account: cached, fetched once however many requests run at the same
 * time, and renewed only when it nears expiry or a request was refused with it (invalidate()).
 */
export class WechatAccessTokens implements TokenProvider {
  private readonly slot: AppTokenSlot;
  /** The token this provider last handed out: invalidate() drops the shared token only if that is the one refused. */
  private handedOut?: string;

  /** `http` must not carry this provider itself: it is the client that fetches the token. */
  constructor(
    private readonly app: WechatApp,
    private readonly http: HttpClient,
    private readonly now: () => number = Date.now,
  ) {
    this.slot = slotFor(app);
  }

  async token(): Promise<string> {
    const { current } = this.slot;
    const token = current && current.renewAt > this.now() ? current : await this.renew();
    this.handedOut = token.value;
    return token.value;
  }

  /** Seconds until the token last handed out expires, by WeChat's `expires_in`; undefined before token(). */
  expiresInSeconds(): number | undefined {
    const { current } = this.slot;
    if (!current || current.value !== this.handedOut) return undefined;
    return Math.max(0, Math.round((current.expiresAt - this.now()) / 1000));
  }

  invalidate(): void {
    // If another client already replaced the refused token, keep the fresh one instead of knocking it out.
    if (this.slot.current?.value === this.handedOut) this.slot.current = undefined;
  }

  private renew(): Promise<IssuedToken> {
    this.slot.pending ??= this.fetchToken()
      .then((token) => (this.slot.current = token))
      .finally(() => (this.slot.pending = undefined));
    return this.slot.pending;
  }

  private async fetchToken(): Promise<IssuedToken> {
    const path = '/cgi-bin/stable_token';
    // Never force_refresh: a refused token is renewed by asking again, which answers the app's latest one (another process may have forced it).
    const response = await this.http.request<TokenReply>({ method: 'POST', path, json: { grant_type: 'client_credential', appid: this.app.appid, secret: this.app.secret, force_refresh: false } });
    endRunIfDailyQuotaReached(response.body, path, this.now());
    const { access_token, expires_in } = response.body ?? {};
    if (typeof access_token !== 'string' || access_token === '') {
      throw new ConnectorError('BAD_RESPONSE', `${path} answered without an access_token`, { status: response.status });
    }
    const lifetimeMs = (typeof expires_in === 'number' && expires_in > 0 ? expires_in : 7200) * 1000;
    return { value: access_token, renewAt: this.now() + Math.max(0, lifetimeMs - RENEW_BEFORE_EXPIRY_MS), expiresAt: this.now() + lifetimeMs };
  }
}
