import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { shopifyTime } from './emulated-shop';

/**
 * Shopify's Bulk Operations as the emulator plays them: `bulkOperationRunQuery` starts an export of `customers` or
 * `orders`, `bulkOperation(id:)` (or `node(id:)`) reports it (CREATED, RUNNING, then COMPLETED with `objectCount` and `url`, or FAILED with an
 * `errorCode`), and the JSONL file is served by a separate server, like Shopify's signed storage URL: reachable by its
 * random path alone, refusing (and counting) any request that carries a Shopify token or an Authorization header.
 */

interface BulkPlan {
  /** Status polls answered RUNNING before the operation completes (0: completed at the first poll). */
  pollsUntilDone: number;
  /** The next operation ends FAILED with this BulkOperationErrorCode (ACCESS_DENIED, INTERNAL_SERVER_ERROR, TIMEOUT). */
  failWith: string | undefined;
  /** Downloads cut off half-way (the connection drops after half the announced bytes). */
  truncateDownloads: number;
}

interface Operation {
  id: string;
  root: 'customers' | 'orders';
  createdAt: Date;
  polls: number;
  status: 'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED';
  errorCode: string | null;
  completedAt: Date | null;
  lines: string[];
  path: string | null;
}

export class EmulatedBulkOperations {
  readonly plan: BulkPlan = { pollsUntilDone: 0, failWith: undefined, truncateDownloads: 0 };
  readonly stats = { started: 0, polls: 0, downloads: 0, downloadsWithCredentials: 0, queries: [] as string[] };
  /** Called on every status poll (a test cancels a run from here). */
  onPoll: (polls: number) => void = () => {};
  private readonly operations = new Map<string, Operation>();
  private readonly files = new Map<string, string[]>();
  private nextId = 4_200_000_001;
  private server: http.Server | undefined;
  private storageUrl = '';

  constructor(
    private readonly now: () => number,
    private readonly nodesOf: (root: 'customers' | 'orders') => unknown[],
  ) {}

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => this.serveFile(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.storageUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** `bulkOperationRunQuery(query:)`: the payload, or userErrors for a query without a connection Shopify can export. */
  run(query: string) {
    const root = /^\s*{\s*(customers|orders)\s*{/.exec(query)?.[1] as 'customers' | 'orders' | undefined;
    if (!root) return { bulkOperation: null, userErrors: [{ field: ['query'], message: 'Invalid bulk query: the emulator exports customers or orders', code: 'INVALID' }] };
    if (/\bfirst\s*:/.test(query)) return { bulkOperation: null, userErrors: [{ field: ['query'], message: 'Bulk queries cannot contain connection arguments: first', code: 'INVALID' }] };
    this.stats.started++;
    this.stats.queries.push(query);
    const operation: Operation = {
      id: `gid://shopify/BulkOperation/${this.nextId++}`,
      root,
      createdAt: new Date(Math.floor(this.now() / 1000) * 1000),
      polls: 0,
      status: 'CREATED',
      errorCode: null,
      completedAt: null,
      lines: [],
      path: null,
    };
    this.operations.set(operation.id, operation);
    return { bulkOperation: this.view(operation), userErrors: [] };
  }

  /** `bulkOperation(id:)` / `node(id:)`: moves the operation on by one poll. */
  poll(id: unknown) {
    const operation = this.operations.get(String(id));
    if (!operation) return null;
    this.stats.polls++;
    this.onPoll(this.stats.polls);
    if (operation.status === 'CREATED' || operation.status === 'RUNNING') {
      if (operation.polls++ < this.plan.pollsUntilDone) operation.status = 'RUNNING';
      else if (this.plan.failWith) {
        Object.assign(operation, { status: 'FAILED', errorCode: this.plan.failWith });
        this.plan.failWith = undefined;
      } else this.complete(operation);
    }
    return this.view(operation);
  }

  private complete(operation: Operation): void {
    operation.lines = this.nodesOf(operation.root).map((node) => JSON.stringify(node));
    operation.status = 'COMPLETED';
    operation.completedAt = new Date(this.now());
    if (operation.lines.length > 0) {
      operation.path = `/shopify-bulk/${randomBytes(24).toString('hex')}/bulk-${operation.id.split('/').pop()}.jsonl`;
      this.files.set(operation.path, operation.lines);
    }
  }

  private view(operation: Operation) {
    const url = operation.path ? `${this.storageUrl}${operation.path}` : null;
    return {
      id: operation.id,
      status: operation.status,
      errorCode: operation.errorCode,
      createdAt: shopifyTime(operation.createdAt),
      completedAt: operation.completedAt && shopifyTime(operation.completedAt),
      objectCount: String(operation.status === 'COMPLETED' ? operation.lines.length : 0),
      fileSize: url ? String(operation.lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0)) : null,
      url,
      partialDataUrl: null,
    };
  }

  private serveFile(request: http.IncomingMessage, response: http.ServerResponse): void {
    this.stats.downloads++;
    if (request.headers['x-shopify-access-token'] || request.headers.authorization) {
      this.stats.downloadsWithCredentials++;
      response.writeHead(400, { 'content-type': 'application/xml' }).end('<Error><Code>InvalidArgument</Code><Message>credentials sent to a signed URL</Message></Error>');
      return;
    }
    const lines = this.files.get(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (!lines) {
      response.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    const body = Buffer.from(lines.map((line) => `${line}\n`).join(''));
    response.writeHead(200, { 'content-type': 'application/jsonl', 'content-length': String(body.length) });
    if (this.plan.truncateDownloads > 0) {
      this.plan.truncateDownloads--;
      response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.destroy());
      return;
    }
    response.end(body);
  }
}
