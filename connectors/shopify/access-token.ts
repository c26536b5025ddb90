import { ConnectorError } from '../sdk/connector-error';
import type { HttpClient, HttpResponse, ResponseVerdict, TokenProvider } from '../sdk/http-client';

/**
 * The three ways a store gives the hub an Admin API token today (shopify.dev, 2026):
 * - `admin-token`: the static `shpat_` token of an app created in the store admin before 2026-01-01; never expires.
 * - `client-credentials`: client id + secret of a Dev Dashboard app owned by the store's organization, exchanged at
 *   `POST /admin/oauth/access_token` (`grant_type=client_credentials`) for a token that lasts 24 hours.
 * - `expiring-offline-token`: an offline token (one hour) and its refresh token, from the app's own install flow;
 *   `grant_type=refresh_token` gives a new pair and the used refresh token stops working, so the new one must be kept.
 */
export const CREDENTIAL_KINDS = ['admin-token', 'client-credentials', 'expiring-offline-token'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export interface ShopifyCredentials {
  kind: CredentialKind;
  accessToken?: string;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
}

/** Renewed this long before it expires, so a page in flight never carries a token that dies on the way. */
export const RENEW_BEFORE_MS = 5 * 60_000;

interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
  refresh_token?: unknown;
  scope?: unknown;
}

/**
 * Gives the Admin API client its token and renews it: before expiry and when Shopify answers 401. A renewal that
 * replaced the refresh token leaves the new secrets in `takeRotated()`, for the caller to store. With
 * `mayRotate: false` (testConnection, which has nowhere to store them) a refresh token is never used.
 */
export class ShopifyAccessToken implements TokenProvider {
  private current: string | undefined;
  private expiresAt: number | undefined;
  private refreshToken: string | undefined;
  private rotated: Record<string, string> | undefined;

  constructor(
    readonly credentials: ShopifyCredentials,
    private readonly oauth: HttpClient,
    private readonly options: { mayRotate: boolean; now?: () => number },
  ) {
    // A client-credentials token is always fetched fresh: a stored one's expiry is unknown.
    this.current = credentials.kind === 'client-credentials' ? undefined : credentials.accessToken;
    this.refreshToken = credentials.refreshToken;
  }

  /** Whether a 401 can be answered by getting a new token (not for a static admin token). */
  get renewable(): boolean {
    return this.credentials.kind !== 'admin-token';
  }

  /** When the token in use expires, once known (ms since epoch); undefined for a static or pasted-in token. */
  get expiry(): number | undefined {
    return this.expiresAt;
  }

  async token(): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    const fresh = this.current && (this.expiresAt === undefined || this.expiresAt - now > RENEW_BEFORE_MS);
    if (fresh) return this.current as string;
    if (this.credentials.kind === 'admin-token') throw new ConnectorError('BAD_CONFIG', 'set accessToken: the Admin API access token (shpat_…) of the store\'s admin-created app');
    return this.renew(now);
  }

  invalidate(): void {
    if (this.renewable) this.current = undefined;
  }

  /** Secrets replaced since the last call (`accessToken`, `refreshToken`), once; undefined when none were. */
  takeRotated(): Record<string, string> | undefined {
    const rotated = this.rotated;
    this.rotated = undefined;
    return rotated;
  }

  private async renew(now: number): Promise<string> {
    const { kind, clientId, clientSecret } = this.credentials;
    let form: Record<string, string>;
    if (kind === 'client-credentials') {
      form = { grant_type: 'client_credentials', client_id: clientId ?? '', client_secret: clientSecret ?? '' };
    } else {
      if (!this.options.mayRotate) {
        throw new ConnectorError('AUTH_FAILED', 'the stored offline access token has expired (they last an hour); the next sync renews it with the refresh token, which a test does not use because using it replaces it');
      }
      form = { grant_type: 'refresh_token', client_id: clientId ?? '', client_secret: clientSecret ?? '', refresh_token: this.refreshToken ?? '' };
    }
    const response = await this.oauth.request<TokenResponse>({ method: 'POST', path: '/admin/oauth/access_token', form });
    const body = response.body ?? {};
    if (typeof body.access_token !== 'string' || !body.access_token) throw new ConnectorError('BAD_RESPONSE', 'Shopify answered the token request without an access_token');
    this.current = body.access_token;
    this.expiresAt = typeof body.expires_in === 'number' ? now + body.expires_in * 1000 : undefined;
    if (kind === 'expiring-offline-token') {
      if (typeof body.refresh_token !== 'string' || !body.refresh_token) throw new ConnectorError('BAD_RESPONSE', 'Shopify answered the refresh without a new refresh_token');
      this.refreshToken = body.refresh_token;
      this.rotated = { accessToken: body.access_token, refreshToken: body.refresh_token };
    }
    return body.access_token;
  }
}

/**
 * The token endpoint's refusals are final: a wrong client id or secret, an app not installed, a refresh token already
 * used or expired. OAuth's `{ error, error_description }` says which.
 */
export function inspectTokenResponse({ status, body }: HttpResponse): ResponseVerdict | undefined {
  if (status < 400 || status >= 500 || status === 429) return undefined;
  const { error, error_description: description } = (body ?? {}) as { error?: unknown; error_description?: unknown };
  const said = typeof error === 'string' ? ` (${error}${typeof description === 'string' ? `: ${description}` : ''})` : '';
  const next =
    error === 'invalid_grant'
      ? 'the refresh token was already used or has expired: install the app again and paste the new token pair'
      : 'check clientId and clientSecret (Dev Dashboard → the app → Settings) and that the app is installed on the store';
  return { kind: 'error', code: 'AUTH_FAILED', message: `Shopify refused the token request (${status})${said}; ${next}`, platformCode: typeof error === 'string' ? error : status };
}
