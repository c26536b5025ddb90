import { randomBytes } from 'node:crypto';
import type { EmulatorReply, EmulatorRequest } from '../sdk/emulation/emulator-server';

/**
 * The emulator's side of Shopify's tokens, as shopify.dev describes them: a static admin token (`shpat_`, admin-created
 * apps, never expires); the client-credentials grant of a Dev Dashboard app (a token for 86 399 s); expiring offline
 * tokens (3 600 s) with a refresh token that Shopify replaces on every use, so an old refresh token is refused once
 * used. `POST /admin/oauth/access_token` takes a form or JSON body; `GET /admin/oauth/access_scopes.json` lists the
 * scopes the token was granted. Time comes from `now`, the emulator's movable clock.
 */

const CLIENT_CREDENTIALS_TTL_S = 86_399;
const OFFLINE_TTL_S = 3_600;
const REFRESH_TOKEN_TTL_S = 2_592_000;
export const INVALID_TOKEN = '[API] Invalid API key or access token (unrecognized login or wrong password)';

interface IssuedToken {
  /** null: never expires (the admin token). */
  expiresAt: number | null;
}

const token = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

export class EmulatedShopifyAuth {
  readonly adminToken = token('shpat_');
  readonly clientId = randomBytes(16).toString('hex');
  readonly clientSecret = token('shpss_');
  /** Scopes granted to the app on this store; tests take some away. */
  scopes = ['read_customers', 'read_orders', 'read_all_orders'];
  /** Token requests answered, by grant. */
  readonly grants = { client_credentials: 0, refresh_token: 0 };
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Set<string>();
  private revoked = new Set<string>();

  constructor(private readonly now: () => number) {
    this.tokens.set(this.adminToken, { expiresAt: null });
  }

  /** What the app's install flow would have handed over: an expiring offline token and its refresh token. */
  installOffline(): { accessToken: string; refreshToken: string } {
    return { ...this.issueOffline() };
  }

  /** Whether a request's X-Shopify-Access-Token may call the Admin API now. */
  accepts(accessToken: unknown): boolean {
    if (typeof accessToken !== 'string' || this.revoked.has(accessToken)) return false;
    const issued = this.tokens.get(accessToken);
    return !!issued && (issued.expiresAt === null || this.now() < issued.expiresAt);
  }

  /** Revokes a token (an uninstall, a rotation by hand): nothing brings it back. */
  revoke(accessToken: string): void {
    this.revoked.add(accessToken);
  }

  /** `POST /admin/oauth/access_token`; undefined for any other path. */
  handle(request: EmulatorRequest): EmulatorReply | undefined {
    if (request.url.pathname === '/admin/oauth/access_scopes.json') {
      if (request.method !== 'GET') return { status: 405, body: { errors: 'Method Not Allowed' } };
      if (!this.accepts(request.headers['x-shopify-access-token'])) return { status: 401, body: { errors: INVALID_TOKEN } };
      return { status: 200, body: { access_scopes: this.scopes.map((handle) => ({ handle })) } };
    }
    if (request.url.pathname !== '/admin/oauth/access_token') return undefined;
    if (request.method !== 'POST') return { status: 405, body: { errors: 'Method Not Allowed' } };
    const form = formOf(request.body);
    if (form.client_id !== this.clientId || form.client_secret !== this.clientSecret) {
      return { status: 400, body: { error: 'invalid_client', error_description: 'Client authentication failed.' } };
    }
    if (form.grant_type === 'client_credentials') {
      this.grants.client_credentials++;
      const accessToken = token('shpat_');
      this.tokens.set(accessToken, { expiresAt: this.now() + CLIENT_CREDENTIALS_TTL_S * 1000 });
      return { status: 200, body: { access_token: accessToken, scope: this.scopes.join(','), expires_in: CLIENT_CREDENTIALS_TTL_S } };
    }
    if (form.grant_type === 'refresh_token') {
      // Rotation: a refresh token works once; a second use (a lost or stale copy) is refused.
      if (!form.refresh_token || !this.refreshTokens.delete(form.refresh_token)) {
        return { status: 400, body: { error: 'invalid_grant', error_description: 'The refresh token is invalid, expired or has already been used.' } };
      }
      this.grants.refresh_token++;
      const issued = this.issueOffline();
      // Keys as Shopify's own SDK tests show them; the refresh token's lifetime is reported, not enforced here.
      return {
        status: 200,
        body: { access_token: issued.accessToken, scope: this.scopes.join(','), expires_in: OFFLINE_TTL_S, refresh_token: issued.refreshToken, refresh_token_expires_in: REFRESH_TOKEN_TTL_S },
      };
    }
    return { status: 400, body: { error: 'unsupported_grant_type', error_description: `grant_type ${form.grant_type ?? '(none)'} is not supported.` } };
  }

  private issueOffline(): { accessToken: string; refreshToken: string } {
    const accessToken = token('shpat_');
    const refreshToken = token('shprt_');
    this.tokens.set(accessToken, { expiresAt: this.now() + OFFLINE_TTL_S * 1000 });
    this.refreshTokens.add(refreshToken);
    return { accessToken, refreshToken };
  }
}

function formOf(body: unknown): Record<string, string | undefined> {
  if (body instanceof URLSearchParams) return Object.fromEntries(body.entries());
  if (body && typeof body === 'object') return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, typeof value === 'string' ? value : undefined]));
  return {};
}
