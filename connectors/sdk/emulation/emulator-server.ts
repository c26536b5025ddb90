import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultSwitches } from './fault-switches';

export interface EmulatorRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, when there is one; a form body (`application/x-www-form-urlencoded`) as URLSearchParams. */
  body: unknown;
}

export interface EmulatorReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RunningEmulator {
  url: string;
  faults: FaultSwitches;
  /** Requests answered so far, for tests that count pages. */
  requests: { method: string; path: string }[];
  stop(): Promise<void>;
}

/**
 * Serves a platform emulator over real HTTP on 127.0.0.1: JSON in, JSON out, with the fault switches'
 * slowness and truncation applied to every answer. The platform's own logic lives in `handle`.
 */
export async function serveEmulator(handle: (request: EmulatorRequest) => EmulatorReply | Promise<EmulatorReply>, faults: FaultSwitches, port = 0): Promise<RunningEmulator> {
  const requests: RunningEmulator['requests'] = [];
  const server = http.createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: incoming.method ?? 'GET', path: url.pathname });
    let reply: EmulatorReply;
    try {
      reply = await handle({ method: incoming.method ?? 'GET', url, headers: incoming.headers, body: parseBody(raw, incoming.headers['content-type']) });
    } catch (error) {
      reply = { status: 400, body: { error: `bad request: ${(error as Error).message}` } };
    }
    if (faults.plan.slowMs > 0) {
      // A client that hangs up (a cancelled sync) ends the wait: no timer outlives the request.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, faults.plan.slowMs);
        response.once('close', () => (clearTimeout(timer), resolve()));
      });
      if (response.destroyed) return;
    }
    let text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    if (text && faults.take('truncateJson')) text = FaultSwitches.truncate(text);
    response.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
    response.end(text);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    faults,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return undefined;
  if (contentType?.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams(raw);
  return JSON.parse(raw);
}
