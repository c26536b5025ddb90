import type { HttpResponse, ResponseVerdict } from '../sdk/http-client';

/** Zoho CRM's error body: `{ code, details, message, status: "error" }`. */
interface ZohoErrorBody {
  code?: unknown;
  message?: unknown;
  data?: unknown;
  count?: unknown;
}

/**
 * What Zoho CRM's answers mean beyond their status: which 401s a fresh token cures, throttling (429
 * without Retry-After, so the client's backoff applies), and request errors named by Zoho's own code so
 * the person fixing the connection sees what Zoho said. 5xx and timeouts are left to the client's retries.
 */
export function inspectCrmResponse(response: HttpResponse): ResponseVerdict | undefined {
  const { status } = response;
  const body = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as ZohoErrorBody;
  const code = typeof body.code === 'string' ? body.code : undefined;
  const said = `${code ?? status}${typeof body.message === 'string' ? `: ${body.message}` : ''}`;
  if (status === 401) {
    // The scope is fixed when the refresh token is granted: a new access token would have the same scope.
    if (code === 'OAUTH_SCOPE_MISMATCH') {
      return { kind: 'error', code: 'PERMISSION_DENIED', message: `Zoho CRM refused the token's scope (${said}): grant ZohoCRM.modules.contacts.READ and ZohoCRM.modules.leads.READ`, platformCode: code };
    }
    // INVALID_TOKEN (expired or revoked) and AUTHENTICATION_FAILURE: one refresh, then AUTH_FAILED.
    return { kind: 'token_expired', message: `Zoho CRM refused the access token (${said})` };
  }
  if (status === 429) return { kind: 'error', code: 'RATE_LIMITED', message: `Zoho CRM is throttling this org's API calls (${said})`, platformCode: code };
  if (status === 403) return { kind: 'error', code: 'PERMISSION_DENIED', message: `Zoho CRM denied access (${said}): check the connected user's profile permissions`, platformCode: code };
  if (status >= 400 && status < 500) {
    return { kind: 'error', code: 'BAD_CONFIG', message: `Zoho CRM rejected the request (${said}): check the connection's configuration`, platformCode: code };
  }
  // 204 (nothing matches If-Modified-Since) has no body by design; a 200 must carry the records (or, from
  // actions/count, the count).
  if (status === 200 && !Array.isArray(body.data) && typeof body.count !== 'number') return { kind: 'error', code: 'BAD_RESPONSE', message: 'Zoho CRM answered 200 without a data array' };
  return undefined;
}
