import { setTimeout as delay } from 'node:timers/promises';
import { backoffDelay, DEFAULT_BACKOFF, parseRetryAfter, type BackoffPolicy } from './backoff';
import { ConnectorError, type ConnectorErrorCode } from './connector-error';

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  json?: unknown;
  /** An `application/x-www-form-urlencoded` body: where secrets go when a platform takes them as form fields, never the query string. */
  form?: Record<string, string | number | undefined>;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON; undefined for an empty body (e.g. 204). */
  body: T | undefined;
}

/** Gets, caches and renews an access token; invalidate() makes the next token() fetch a new one. */
export interface TokenProvider {
  token(): Promise<string>;
  invalidate(): void;
}

/**
 * What a platform's own signals say about a response that HTTP status alone cannot tell: error codes
 * inside HTTP 200 bodies, cost budgets, throttling sent as 400. Undefined means "judge by status".
 */
export type ResponseVerdict =
  | { kind: 'ok' }
  | { kind: 'token_expired'; message: string }
  | { kind: 'error'; code: ConnectorErrorCode; message: string; retryAfterMs?: number; platformCode?: string | number };

export interface HttpClientOptions {
  baseUrl: string;
  timeoutMs?: number;
  /** Retries after the first attempt, for retryable failures. */
  maxRetries?: number;
  backoff?: BackoffPolicy;
  tokens?: TokenProvider;
  /** Puts the token where the platform wants it (a header by default: `Authorization: Bearer`). */
  applyToken?: (request: HttpRequest, token: string) => HttpRequest;
  inspect?: (response: HttpResponse) => ResponseVerdict | undefined;
  /**
   * The caller's stop: once aborted, the request in flight and any wait before a retry end at once and the
   * client rejects with the signal's reason, never retried (it is the caller's decision, not the platform's failure).
   */
  signal?: AbortSignal;
  /** Injected in tests so retries do not wait in real time; a wait that ignores `signal` is cut short anyway. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** The fetch to send with; the hub injects one that refuses private addresses at connection time. Default: the global fetch. */
  fetch?: typeof fetch;
  /**
   * Told when the platform refuses the credentials or access (AUTH_FAILED, PERMISSION_DENIED from its answer) or a
   * credential cannot be sent at all, before the client throws that error: testConnection marks the connection with it.
   */
  onRefusal?: (error: ConnectorError) => void;
}

const bearer = (request: HttpRequest, token: string): HttpRequest => ({ ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } });

// Rejects when the signal aborts, clearing its timer: a cancelled run must not keep its process alive for a Retry-After.
const sleepUnlessAborted = (ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal });

/**
 * The one HTTP client every connector uses: timeouts; retries with exponential backoff and jitter on
 * 5xx, timeouts, network errors, throttling (Retry-After or the platform's own signal) and broken JSON;
 * one token refresh on an expired token. What cannot succeed by retrying fails at once, as unrecoverable.
 * An aborted `signal` stops it at once, wherever it is.
 */
export class HttpClient {
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly options: HttpClientOptions) {
    this.sleep = options.sleep ?? sleepUnlessAborted;
  }

  async request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
    const maxRetries = this.options.maxRetries ?? 5;
    let refreshedToken = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.attempt(request)) as HttpResponse<T>;
      } catch (error) {
        // Whatever the attempt died of (fetch answers an abort with the reason, a token provider with anything), the caller stopped it.
        this.options.signal?.throwIfAborted();
        if (error instanceof TokenExpired && this.options.tokens && !refreshedToken) {
          // A token can expire (or be replaced by another process) between two calls: renew once, at once.
          refreshedToken = true;
          this.options.tokens.invalidate();
          attempt--;
          continue;
        }
        const failure =
          error instanceof TokenExpired
            ? this.refusal(new ConnectorError('AUTH_FAILED', refreshedToken ? `${error.message}, again after a token refresh: check the credentials` : `${error.message}: check the credentials`))
            : asConnectorError(error, this.options.timeoutMs);
        if (!failure.retryable || attempt >= maxRetries) {
          if (failure.retryable) failure.message = `${failure.message} (gave up after ${attempt + 1} attempts)`;
          throw failure;
        }
        const wait = failure.details.retryAfterMs ?? backoffDelay(attempt, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
        await this.pause(wait);
      }
    }
  }

  /**
   * One GET whose body the caller reads as a stream (a large export file), never retried and never carrying the
   * client's token: for signed URLs that must not see the platform's credentials. Non-2xx answers fail as request() does.
   */
  async openStream(path: string, timeoutMs = 30 * 60_000): Promise<ReadableStream<Uint8Array>> {
    const { signal } = this.options;
    signal?.throwIfAborted();
    const url = new URL(path, this.options.baseUrl);
    const send = this.options.fetch ?? fetch;
    let response: Response;
    try {
      response = await send(url, { method: 'GET', signal: withTimeout(signal, timeoutMs) });
    } catch (error) {
      signal?.throwIfAborted();
      throw asConnectorError(error, timeoutMs);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      judgeStatus({ status: response.status, headers: response.headers, body: undefined }, url);
      throw new ConnectorError('BAD_RESPONSE', `${url.host}${url.pathname} answered ${response.status} without a body`, { status: response.status });
    }
    return response.body;
  }

  /** Waits before a retry; rejects with the signal's reason the moment it aborts. */
  private async pause(ms: number): Promise<void> {
    const { signal } = this.options;
    if (!signal) return this.sleep(ms);
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    signal.addEventListener('abort', stop, { once: true });
    const slept = this.sleep(ms, signal).catch((error: unknown) => {
      // The default sleep rejects on abort with an AbortError; the abort is answered below, with the signal's reason.
      if (!signal.aborted) throw error;
    });
    try {
      await Promise.race([slept, stopped]);
    } finally {
      signal.removeEventListener('abort', stop);
    }
    signal.throwIfAborted();
  }

  private async attempt(request: HttpRequest): Promise<HttpResponse> {
    const { tokens, applyToken = bearer, signal } = this.options;
    signal?.throwIfAborted();
    const prepared = tokens ? applyToken(request, await tokens.token()) : request;
    const url = new URL(prepared.path, this.options.baseUrl);
    for (const [key, value] of Object.entries(prepared.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const send = this.options.fetch ?? fetch;
    const headers = { accept: 'application/json', ...contentType(prepared), ...prepared.headers };
    const unsendable = unsendableHeader(headers);
    if (unsendable) throw this.refusal(unsendable);
    const response = await send(url, {
      method: prepared.method ?? (prepared.json === undefined && prepared.form === undefined ? 'GET' : 'POST'),
      headers,
      body: bodyOf(prepared),
      signal: withTimeout(signal, this.options.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    const parsed: HttpResponse = { status: response.status, headers: response.headers, body: parseBody(text, response.status, url) };
    const verdict = this.options.inspect?.(parsed);
    if (verdict?.kind === 'token_expired') throw new TokenExpired(verdict.message);
    if (verdict?.kind === 'error') {
      throw this.refusal(new ConnectorError(verdict.code, verdict.message, { status: response.status, retryAfterMs: verdict.retryAfterMs, platformCode: verdict.platformCode }));
    }
    if (verdict?.kind !== 'ok') {
      try {
        judgeStatus(parsed, url);
      } catch (error) {
        throw error instanceof ConnectorError ? this.refusal(error) : error;
      }
    }
    return parsed;
  }

  /** Tells onRefusal of a refusal of the credentials or access; every error passes through unchanged. */
  private refusal(error: ConnectorError): ConnectorError {
    if (error.code === 'AUTH_FAILED' || error.code === 'PERMISSION_DENIED') this.options.onRefusal?.(error);
    return error;
  }
}

/**
 * A header value fetch would refuse (a character above U+00FF, a line break) or that no platform reads as sent: the
 * credential in it was saved with a pasted placeholder or line break. Unrecoverable, never a retried network error.
 */
function unsendableHeader(headers: Record<string, string>): ConnectorError | undefined {
  for (const [name, value] of Object.entries(headers)) {
    const bad = [...value].find((char) => !/^[\t\x20-\x7e]$/.test(char));
    if (bad === undefined) continue;
    const codePoint = `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return new ConnectorError('AUTH_FAILED', `the ${name} header holds a character HTTP headers cannot carry (${codePoint}): set the connection's credential again exactly as the platform shows it`);
  }
  return undefined;
}

class TokenExpired extends Error {}

function contentType(request: HttpRequest): Record<string, string> {
  if (request.form !== undefined) return { 'content-type': 'application/x-www-form-urlencoded' };
  return request.json === undefined ? {} : { 'content-type': 'application/json' };
}

function bodyOf(request: HttpRequest): string | undefined {
  if (request.form !== undefined) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(request.form)) if (value !== undefined) form.set(key, String(value));
    return form.toString();
  }
  return request.json === undefined ? undefined : JSON.stringify(request.json);
}

/** The request's own timeout, and the caller's stop when there is one: whichever comes first ends it (and the reading of its body). */
function withTimeout(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

function parseBody(text: string, status: number, url: URL): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ConnectorError('BAD_RESPONSE', `${url.host}${url.pathname} answered ${status} with a body that is not valid JSON (${text.length} bytes, possibly cut off)`, { status });
  }
}

function judgeStatus(response: HttpResponse, url: URL): void {
  const { status } = response;
  if (status < 400) return;
  const where = `${url.host}${url.pathname}`;
  if (status === 401) throw new TokenExpired(`${where} refused the credentials (401)`);
  if (status === 403) throw new ConnectorError('PERMISSION_DENIED', `${where} refused access (403): check the connection's permissions`, { status });
  if (status === 429) {
    throw new ConnectorError('RATE_LIMITED', `${where} is rate limiting (429)`, { status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) });
  }
  if (status >= 500) throw new ConnectorError('UPSTREAM_UNAVAILABLE', `${where} failed (${status})`, { status });
  throw new ConnectorError('BAD_CONFIG', `${where} rejected the request (${status}): check the connection's configuration`, { status });
}

function asConnectorError(error: unknown, timeoutMs = 30_000): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return new ConnectorError('TIMEOUT', `no answer within ${timeoutMs} ms`);
  return new ConnectorError('NETWORK', `network error: ${(error as Error)?.message ?? String(error)}`);
}
