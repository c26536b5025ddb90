import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, refusedAddressReason, type AddressPolicy } from './address-guard';
import type { SignedHeaders } from './webhook-signature';

export interface SenderOptions {
  /** The whole attempt, connection to last byte (HUB_WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  addressPolicy: AddressPolicy;
  /** Open connections per receiver host, kept alive between attempts. */
  maxSockets: number;
}

/** What one attempt got: the HTTP status when the receiver answered, and why it failed when it did. */
export interface AttemptResult {
  status?: number;
  latencyMs: number;
  error?: string;
  /** How long the receiver asked us to wait (its Retry-After), when it did. */
  retryAfterMs?: number;
}

const USER_AGENT = 'customer-data-hub-webhooks/1';

/**
 * POSTs signed webhook bodies. Redirects are not followed (a receiver must answer at the URL it gave, and a
 * redirect must not lead to an address the guard would refuse); the address connected to is checked at
 * connection time; nothing of the URL or the body reaches an error message.
 */
export class WebhookSender {
  private readonly agents: { 'http:': http.Agent; 'https:': https.Agent };

  constructor(private readonly options: SenderOptions) {
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, lookup: guardedLookup(options.addressPolicy) };
    this.agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
  }

  send(url: string, headers: SignedHeaders, body: string): Promise<AttemptResult> {
    const started = performance.now();
    const finish = (result: Omit<AttemptResult, 'latencyMs'>): AttemptResult => ({ ...result, latencyMs: Math.round(performance.now() - started) });
    const target = new URL(url);
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    // An IP literal never goes through the lookup: judge it here.
    const refused = isIP(host) && !this.options.addressPolicy.allowPrivate ? refusedAddressReason(host) : undefined;
    if (refused) return Promise.resolve(finish({ error: `refused address (${refused})` }));
    const client = target.protocol === 'https:' ? https : http;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (result: Omit<AttemptResult, 'latencyMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(finish(result));
      };
      const request = client.request(
        target,
        {
          method: 'POST',
          agent: this.agents[target.protocol as 'http:' | 'https:'],
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': USER_AGENT },
        },
        (response) => {
          const status = response.statusCode ?? 0;
          // Read to the end and dropped: what a receiver says back is not kept, but its connection is reused.
          response.resume();
          const retryAfterMs = retryAfter(response.headers['retry-after']);
          response.on('end', () => settle(status >= 200 && status < 300 ? { status } : { status, error: describeStatus(status), ...(retryAfterMs !== undefined && { retryAfterMs }) }));
          response.on('error', () => settle({ status, error: 'the response broke off' }));
        },
      );
      const timer = setTimeout(() => {
        settle({ error: `no complete answer within ${this.options.timeoutMs} ms` });
        request.destroy();
      }, this.options.timeoutMs);
      request.on('error', (error: NodeJS.ErrnoException) => settle({ error: error.code === 'WEBHOOK_ADDRESS_REFUSED' ? error.message : `connection failed (${error.code ?? error.message})` }));
      request.end(body);
    });
  }

  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}

/** Retry-After as seconds or as an HTTP date (RFC 9110), in milliseconds from now; undefined when absent or unreadable. */
export function retryAfter(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function describeStatus(status: number): string {
  if (status >= 300 && status < 400) return `HTTP ${status}: webhooks do not follow redirects; subscribe the final URL`;
  return `HTTP ${status}`;
}
