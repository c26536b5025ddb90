import { ConnectorError } from '../sdk/connector-error';
import type { HttpResponse, ResponseVerdict } from '../sdk/http-client';

/**
 * WeChat answers almost every failure as HTTP 200 with `{ errcode, errmsg }` (errcode 0 or absent means
 * success), so the HTTP status says nothing: these functions read the errcode instead.
 */
export interface WechatErrorBody {
  errcode?: number;
  errmsg?: string;
}

export const DAILY_QUOTA_REACHED = 45009;
/** 40001: invalid or no longer the latest token (another fetch replaced it); 40014: malformed; 42001: expired. */
const TOKEN_REFUSED = new Set([40001, 40014, 42001]);
/** 40013 invalid AppID, 40125 invalid AppSecret, 41002/41004 AppID/AppSecret missing, 40243 AppSecret frozen. */
const BAD_CREDENTIALS = new Set([40013, 40125, 41002, 41004, 40243]);
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

function errorOf(response: HttpResponse): Required<WechatErrorBody> | undefined {
  const { errcode, errmsg } = (response.body ?? {}) as WechatErrorBody;
  if (typeof errcode !== 'number' || errcode === 0) return undefined;
  return { errcode, errmsg: errmsg ?? 'no message' };
}

/** The verdict for API calls made with an access token. */
export function inspectWechatReply(response: HttpResponse): ResponseVerdict | undefined {
  const error = errorOf(response);
  if (!error) return undefined;
  const { errcode } = error;
  const said = `WeChat answered errcode ${errcode} (${error.errmsg})`;
  if (TOKEN_REFUSED.has(errcode)) return { kind: 'token_expired', message: said };
  // Not an error for the client to retry: the connector ends the run itself (see endRunIfDailyQuotaReached).
  if (errcode === DAILY_QUOTA_REACHED) return { kind: 'ok' };
  if (errcode === 45011) return { kind: 'error', code: 'RATE_LIMITED', message: `${said}: too many calls this minute`, platformCode: errcode };
  if (errcode === -1) return { kind: 'error', code: 'UPSTREAM_UNAVAILABLE', message: `${said}: WeChat is busy`, platformCode: errcode };
  if (BAD_CREDENTIALS.has(errcode)) {
    return { kind: 'error', code: 'AUTH_FAILED', message: `${said}: check the Official Account's AppID and AppSecret`, platformCode: errcode };
  }
  if (errcode === 40164) {
    return { kind: 'error', code: 'PERMISSION_DENIED', message: `${said}: add this server's outbound IP to the Official Account's IP whitelist (设置与开发 → 基本配置)`, platformCode: errcode };
  }
  if (errcode === 48001) {
    return { kind: 'error', code: 'PERMISSION_DENIED', message: `${said}: this Official Account may not call the user-management API (it needs a verified account)`, platformCode: errcode };
  }
  return { kind: 'error', code: 'BAD_RESPONSE', message: said, platformCode: errcode };
}

/** The verdict for `/cgi-bin/stable_token` (and `/cgi-bin/token`), where 40001 means a wrong AppSecret rather than a stale token. */
export function inspectTokenReply(response: HttpResponse): ResponseVerdict | undefined {
  const error = errorOf(response);
  if (error && (error.errcode === 40001 || error.errcode === 40002)) {
    const said = `WeChat refused to issue an access token: errcode ${error.errcode} (${error.errmsg})`;
    return { kind: 'error', code: 'AUTH_FAILED', message: `${said}: check the Official Account's AppID and AppSecret`, platformCode: error.errcode };
  }
  return inspectWechatReply(response);
}

/** Milliseconds until WeChat resets its daily call counters, at midnight Beijing time (UTC+8). */
export function msUntilQuotaReset(now: number = Date.now()): number {
  const beijingNow = now + BEIJING_OFFSET_MS;
  return (Math.floor(beijingNow / DAY_MS) + 1) * DAY_MS - beijingNow;
}

/**
 * 45009 means this API's calls for the day are used up: retrying within the run only burns time, so the
 * run ends here. It ends as RATE_LIMITED (retryable) with retryAfterMs up to the reset, not as an
 * unrecoverable error: nobody has to fix anything, the next day's run (from the last checkpoint) succeeds.
 */
export function endRunIfDailyQuotaReached(body: unknown, path: string, now: number = Date.now()): void {
  const { errcode, errmsg } = (body ?? {}) as WechatErrorBody;
  if (errcode !== DAILY_QUOTA_REACHED) return;
  const retryAfterMs = msUntilQuotaReset(now);
  throw new ConnectorError(
    'RATE_LIMITED',
    `WeChat's daily call quota for ${path} is used up (errcode 45009, ${errmsg ?? 'no message'}). It resets at midnight Beijing time, ` +
      `in about ${Math.ceil(retryAfterMs / 3_600_000)} h; an administrator can also reset it in the Official Account console (10 resets a month). ` +
      `The sync resumes from its last checkpoint.`,
    { status: 200, retryAfterMs, platformCode: DAILY_QUOTA_REACHED },
  );
}
