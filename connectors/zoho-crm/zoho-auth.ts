import { createHash } from 'node:crypto';
import type { HttpClient, HttpRequest, HttpResponse, ResponseVerdict, TokenProvider } from '../sdk/http-client';

/**
 * Zoho's OAuth: a long-lived refresh token (with the client id and secret) is traded at the accounts
 * server for an access token that lives an hour. Zoho caps how many access tokens one refresh token may
 * mint (about ten per ten minutes), so tokens are cached per credential set for the whole process and
 * shared by every run and stream, not fetched once per read.
 */
export interface ZohoCredentials {
  accountsUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** What one token request granted: the token, its expiry, and what Zoho said with it. */
export interface ZohoGrant {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** The API host of the account's data center, as the accounts server names it (`api_domain`). */
  apiDomain?: string;
  /** The granted scopes, when the accounts server reports them (`scope`, space- or comma-separated). */
  scopes?: string[];
}

// Renew a little early so a token never expires between being handed out and reaching Zoho.
const EARLY_RENEWAL_MS = 5 * 60_000;
const cache = new Map<string, ZohoGrant>();
const inFlight = new Map<string, Promise<ZohoGrant>>();

/** Zoho wants its own scheme, not `Bearer`. */
export function applyZohoToken(request: HttpRequest, token: string): HttpRequest {
  return { ...request, headers: { ...request.headers, authorization: `Zoho-oauthtoken ${token}` } };
}

export class ZohoTokenProvider implements TokenProvider {
  private readonly key: string;

  /** `accounts` is an HttpClient for the accounts server, built with `inspectTokenResponse`. */
  constructor(private readonly accounts: HttpClient, private readonly credentials: ZohoCredentials, private readonly now: () => number = Date.now) {
    // The secrets only ever appear hashed in the cache key.
    this.key = createHash('sha256').update([credentials.accountsUrl, credentials.clientId, credentials.clientSecret, credentials.refreshToken].join('\n')).digest('hex');
  }

  async token(): Promise<string> {
    return (await this.grant()).token;
  }

  /** The current grant, fetched (once for concurrent callers) when there is none or it is about to expire. */
  async grant(): Promise<ZohoGrant> {
    const cached = cache.get(this.key);
    if (cached && cached.expiresAt - EARLY_RENEWAL_MS > this.now()) return cached;
    // Two streams starting together share one token request instead of spending two of the quota.
    let pending = inFlight.get(this.key);
    if (!pending) {
      pending = this.fetchToken().finally(() => inFlight.delete(this.key));
      inFlight.set(this.key, pending);
    }
    return pending;
  }

  invalidate(): void {
    cache.delete(this.key);
  }

  private async fetchToken(): Promise<ZohoGrant> {
    const { clientId, clientSecret, refreshToken } = this.credentials;
    const response = await this.accounts.request<{ access_token: string; expires_in?: number; api_domain?: unknown; scope?: unknown }>({
      method: 'POST',
      path: '/oauth/v2/token',
      // A form body, not the query string Zoho's examples use: a URL lands in proxy and server logs, a body does not.
      form: { grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken },
    });
    const { access_token: token, expires_in: expiresIn = 3600, api_domain: apiDomain, scope } = response.body!;
    const grant: ZohoGrant = {
      token,
      expiresAt: this.now() + expiresIn * 1000,
      ...(typeof apiDomain === 'string' && URL.canParse(apiDomain) && { apiDomain: apiDomain.replace(/\/+$/, '') }),
      ...(typeof scope === 'string' && scope.trim() !== '' && { scopes: scope.split(/[\s,]+/).filter(Boolean) }),
    };
    cache.set(this.key, grant);
    return grant;
  }
}

/**
 * The accounts server answers a bad client or refresh token with `{ "error": "invalid_client" }` or
 * `invalid_code`, as HTTP 200 or 400: no retry helps, a person must fix the credentials. Too many token
 * requests come back as 400 `{ "error": "Access Denied" }` with a "too many requests" description.
 */
export function inspectTokenResponse(response: HttpResponse): ResponseVerdict | undefined {
  const body = (response.body ?? {}) as { error?: unknown; error_description?: unknown; access_token?: unknown };
  if (typeof body.error === 'string') {
    const description = typeof body.error_description === 'string' ? body.error_description : '';
    if (/too many requests/i.test(description)) {
      return { kind: 'error', code: 'RATE_LIMITED', message: `Zoho accounts is limiting token requests: ${description}`, platformCode: body.error };
    }
    return {
      kind: 'error',
      code: 'AUTH_FAILED',
      message: `Zoho accounts refused the credentials (${body.error}): check clientId, clientSecret and refreshToken, and that they belong to this data centre`,
      platformCode: body.error,
    };
  }
  if (response.status === 200 && typeof body.access_token !== 'string') {
    return { kind: 'error', code: 'BAD_RESPONSE', message: 'Zoho accounts answered 200 without an access_token' };
  }
  return undefined;
}

