import type { HttpResponse, ResponseVerdict } from '../sdk/http-client';
import { WECOM_ERRCODES as E } from './wecom-types';

const AUTH_CODES = new Set<number>([E.invalidSecret, E.invalidCorpId, 40091 /* secret invalid */, 41002 /* corpid missing */, 41004 /* secret missing */]);
const TOKEN_CODES = new Set<number>([E.invalidToken, E.tokenExpired, E.missingToken]);
const PERMISSION_CODES = new Set<number>([E.apiForbidden, E.noPrivilege, E.ipNotAllowed]);
const FIRST_THROTTLE_WAIT_MS = 1_000;
const MAX_THROTTLE_WAIT_MS = 60_000;

/**
 * Reads WeCom's verdict from the body: every answer is HTTP 200 with `errcode`, so status alone says
 * nothing. One inspector per HTTP client: it counts consecutive throttling answers so the wait grows
 * (1 s, 2 s, 4 s … 60 s) — 45009 is a per-minute quota, and a fixed short wait would spend every retry
 * inside the same minute. (The SDK's inspect hook is not told the attempt number, hence the counter.)
 */
export function wecomInspector(): (response: HttpResponse) => ResponseVerdict | undefined {
  let throttledInARow = 0;
  return (response) => {
    const body = response.body as { errcode?: unknown; errmsg?: unknown } | undefined;
    // No errcode (an empty 502, a proxy's page): let the HTTP status speak.
    if (typeof body !== 'object' || body === null || typeof body.errcode !== 'number') return undefined;
    const { errcode } = body;
    const errmsg = typeof body.errmsg === 'string' ? body.errmsg : '';
    const said = `WeCom answered errcode ${errcode} (${errmsg})`;
    if (errcode !== E.frequencyLimit && errcode !== E.concurrencyLimit) throttledInARow = 0;
    if (errcode === 0) return response.status < 400 ? { kind: 'ok' } : undefined;
    if (TOKEN_CODES.has(errcode)) return { kind: 'token_expired', message: said };
    if (errcode === E.frequencyLimit || errcode === E.concurrencyLimit) {
      const retryAfterMs = Math.min(MAX_THROTTLE_WAIT_MS, FIRST_THROTTLE_WAIT_MS * 2 ** throttledInARow++);
      return { kind: 'error', code: 'RATE_LIMITED', message: `${said}: WeCom is throttling this app`, retryAfterMs, platformCode: errcode };
    }
    if (errcode === E.systemBusy) return { kind: 'error', code: 'UPSTREAM_UNAVAILABLE', message: `${said}: WeCom is busy`, platformCode: errcode };
    if (AUTH_CODES.has(errcode)) {
      return { kind: 'error', code: 'AUTH_FAILED', message: `${said}: check the connection's corp ID and the customer-contact secret`, platformCode: errcode };
    }
    if (PERMISSION_CODES.has(errcode)) {
      const hint =
        errcode === E.ipNotAllowed
          ? "add this server's IP to the app's trusted IPs (企业可信IP)"
          : 'add the app to 客户联系 → 可调用接口的应用 and widen its visible range';
      return { kind: 'error', code: 'PERMISSION_DENIED', message: `${said}: ${hint}`, platformCode: errcode };
    }
    return { kind: 'error', code: 'BAD_CONFIG', message: `${said}: WeCom refused the request as sent`, platformCode: errcode };
  };
}
