import { setTimeout as delay } from 'node:timers/promises';
import type { ConnectorContext } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';
import type { HttpClient } from '../sdk/http-client';
import { postQuery, type ShopifySettings } from './admin-api';

/**
 * Shopify Bulk Operations for a large store's first full read: `bulkOperationRunQuery` with the paged query's fields
 * (a connection without `first`), polled through `bulkOperation(id:)` until it ends, its JSONL result downloaded from the signed
 * URL Shopify gives (with no Shopify token: the URL carries its own signature) and read line by line, never whole.
 */

export const DEFAULT_BULK_THRESHOLD = 10_000;
/** The first incremental read after a bulk export starts this long before the export did: clocks and commits lag. */
const BULK_CURSOR_MARGIN_MS = 60_000;
const FIRST_POLL_WAIT_MS = 1_000;
const LONGEST_POLL_WAIT_MS = 30_000;
const DOWNLOAD_ATTEMPTS = 3;

type BulkStatus = 'CREATED' | 'RUNNING' | 'COMPLETED' | 'CANCELING' | 'CANCELED' | 'FAILED' | 'EXPIRED';

interface BulkOperation {
  id: string;
  status: BulkStatus;
  errorCode?: string | null;
  createdAt?: string | null;
  objectCount?: string | null;
  url?: string | null;
}

const OPERATION_FIELDS = 'id status errorCode createdAt completedAt objectCount fileSize url partialDataUrl';

/** The paged query's node selection as a bulk query: Shopify refuses `first` in one, and pages the export itself. */
export function bulkQuery(root: string, fields: string): string {
  return `{ ${root} { edges { node { ${fields} } } } }`;
}

/** The store's size as Shopify counts it, up to `limit` (null: uncapped, since API version 2025-07). */
export async function storeCount(http: HttpClient, settings: ShopifySettings, root: 'customers' | 'orders', limit: number | null): Promise<number> {
  const field = `${root}Count`;
  const { data } = await postQuery(http, settings, `query HubCount($limit: Int) { ${field}(limit: $limit) { count precision } }`, { limit });
  const count = Number((data[field] as { count?: unknown } | null)?.count);
  if (!Number.isFinite(count)) throw new ConnectorError('BAD_RESPONSE', `Shopify answered ${field} without a count`);
  return count;
}

/** Starts the export; a running one of the same app, or a query Shopify will not run, fails with what to do. */
export async function startBulkQuery(http: HttpClient, settings: ShopifySettings, query: string): Promise<BulkOperation> {
  const mutation = `mutation HubBulkExport($query: String!) {
  bulkOperationRunQuery(query: $query) { bulkOperation { ${OPERATION_FIELDS} } userErrors { field message code } }
}`;
  const { data } = await postQuery(http, settings, mutation, { query });
  const payload = data.bulkOperationRunQuery as { bulkOperation?: BulkOperation | null; userErrors?: { message?: string; code?: string | null }[] } | null;
  const userErrors = payload?.userErrors ?? [];
  if (userErrors.length > 0) {
    const messages = userErrors.map((error) => error.message ?? 'unknown error').join('; ');
    if (userErrors.some((error) => error.code === 'OPERATION_IN_PROGRESS' || /already in progress/i.test(error.message ?? ''))) {
      throw new ConnectorError('RATE_LIMITED', `Shopify is already running a bulk export for this app (${messages}); the sync retries once it has ended`, { retryAfterMs: 60_000, platformCode: 'OPERATION_IN_PROGRESS' });
    }
    throw new ConnectorError('BAD_CONFIG', `Shopify refused the bulk export (${messages}): check apiVersion`, { platformCode: userErrors.find((error) => error.code)?.code ?? undefined });
  }
  if (!payload?.bulkOperation?.id) throw new ConnectorError('BAD_RESPONSE', 'Shopify answered bulkOperationRunQuery without a bulkOperation');
  return payload.bulkOperation;
}

/**
 * Polls the operation until it ends, waiting 1 s, then twice as long each time up to 30 s. Undefined when the run
 * was cancelled meanwhile. FAILED, CANCELED and EXPIRED fail with Shopify's reason.
 */
export async function awaitBulkOperation(http: HttpClient, settings: ShopifySettings, started: BulkOperation, signal: AbortSignal | undefined): Promise<BulkOperation | undefined> {
  // bulkOperation(id:) since 2026-01 (every supported version today); currentBulkOperation, its predecessor, is deprecated.
  const query = `query HubBulkStatus($id: ID!) { bulkOperation(id: $id) { ${OPERATION_FIELDS} } }`;
  let operation = started;
  let wait = FIRST_POLL_WAIT_MS;
  for (let polls = 0; ; polls++) {
    if (signal?.aborted) return undefined;
    if (polls > 0) {
      try {
        await delay(wait, undefined, { signal });
      } catch {
        return undefined;
      }
      wait = Math.min(wait * 2, LONGEST_POLL_WAIT_MS);
    }
    const { data } = await postQuery(http, settings, query, { id: started.id });
    const node = (data.bulkOperation ?? data.node) as BulkOperation | null;
    if (!node?.status) throw new ConnectorError('BAD_RESPONSE', `Shopify does not know the bulk operation ${started.id} it started`);
    operation = { ...operation, ...node };
    if (operation.status === 'COMPLETED') return operation;
    if (operation.status === 'FAILED') throw failedOperation(operation);
    if (operation.status === 'CANCELED' || operation.status === 'CANCELING') {
      throw new ConnectorError('UPSTREAM_UNAVAILABLE', `the Shopify bulk export ${operation.id} was cancelled (by someone with access to the app); the sync retries`, { platformCode: operation.status });
    }
    if (operation.status === 'EXPIRED') throw new ConnectorError('UPSTREAM_UNAVAILABLE', `the Shopify bulk export ${operation.id} expired before it was read; the sync retries`, { platformCode: 'EXPIRED' });
  }
}

/** BulkOperationErrorCode, each as what the sync should do. */
function failedOperation(operation: BulkOperation): ConnectorError {
  const code = operation.errorCode ?? 'UNKNOWN';
  if (code === 'ACCESS_DENIED') {
    return new ConnectorError('PERMISSION_DENIED', `Shopify's bulk export ${operation.id} failed with ACCESS_DENIED: give the app the read_customers and read_orders scopes (and read_all_orders for orders older than 60 days)`, { platformCode: code });
  }
  if (code === 'TIMEOUT') return new ConnectorError('TIMEOUT', `Shopify's bulk export ${operation.id} failed with TIMEOUT (Shopify gave up running it); the sync retries`, { platformCode: code });
  return new ConnectorError('UPSTREAM_UNAVAILABLE', `Shopify's bulk export ${operation.id} failed with ${code}; the sync retries`, { platformCode: code });
}

/**
 * The JSONL result's objects, one line at a time. A download cut short is fetched again and the lines already handed
 * out are skipped (the file does not change). The download client carries no token: `context.http` without one.
 */
export async function* bulkResultLines(url: string, context: ConnectorContext): AsyncGenerator<Record<string, unknown>> {
  const location = new URL(url);
  const download = context.http({ baseUrl: location.origin, maxRetries: 0 });
  let delivered = 0;
  for (let attempt = 1; ; attempt++) {
    let seen = 0;
    try {
      for await (const line of jsonLines(await download.openStream(`${location.pathname}${location.search}`))) {
        if (seen++ < delivered) continue;
        delivered++;
        yield line;
      }
      return;
    } catch (error) {
      if (context.signal?.aborted) throw error;
      const retryable = error instanceof ConnectorError ? error.retryable : true;
      if (!retryable || attempt >= DOWNLOAD_ATTEMPTS) {
        throw new ConnectorError('BAD_RESPONSE', `the Shopify bulk export's JSONL file could not be read whole after ${attempt} attempts (${(error as Error).message})`);
      }
    }
  }
}

/** Splits a byte stream into parsed JSON lines; a last line without its newline means the file was cut off. */
async function* jsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<Record<string, unknown>> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of body) {
    pending += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line) yield JSON.parse(line) as Record<string, unknown>;
    }
  }
  pending += decoder.decode();
  if (pending.trim()) throw new Error(`the file ends in the middle of a line (${pending.length} characters after the last newline)`);
}

/** Where the next incremental read starts: before the export began, so nothing changed while it ran is missed. */
export function cursorAfterBulk(operation: BulkOperation, fallbackStartMs: number): string {
  const startedMs = operation.createdAt ? Date.parse(operation.createdAt) : Number.NaN;
  const from = (Number.isNaN(startedMs) ? fallbackStartMs : startedMs) - BULK_CURSOR_MARGIN_MS;
  return new Date(from).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
