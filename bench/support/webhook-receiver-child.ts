import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * The benchmarks' webhook receiver, in a process of its own: verifies each request's Standard Webhooks
 * signature (with the library a downstream tool would use) against the secret last PUT to /secret, and
 * notes when each webhook-id first arrived. Prints {"url"} once listening; on SIGUSR2 and on SIGTERM prints
 * {"stats": {requests, distinct, badSignatures, firstSeen: {id: epoch ms}}}.
 */
let verifier: Webhook | undefined;
const firstSeen = new Map<string, number>();
let requests = 0;
let badSignatures = 0;
const now = () => performance.timeOrigin + performance.now();

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (request.method === 'PUT' && request.url === '/secret') {
      verifier = new Webhook(Buffer.concat(chunks).toString('utf8'));
      return void response.writeHead(204).end();
    }
    requests++;
    const headers = { 'webhook-id': String(request.headers['webhook-id']), 'webhook-timestamp': String(request.headers['webhook-timestamp']), 'webhook-signature': String(request.headers['webhook-signature']) };
    try {
      if (!verifier) throw new Error('no secret yet');
      verifier.verify(Buffer.concat(chunks), headers);
    } catch {
      badSignatures++;
      return void response.writeHead(401).end();
    }
    if (!firstSeen.has(headers['webhook-id'])) firstSeen.set(headers['webhook-id'], now());
    response.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;

const counts = () => ({ requests, distinct: firstSeen.size, badSignatures });
process.on('SIGUSR2', () => process.stdout.write(JSON.stringify({ stats: { ...counts(), firstSeen: Object.fromEntries(firstSeen) } }) + '\n'));
// The last word is the counts only, written before exiting (a megabyte of arrival times might not be flushed).
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.stdout.write(JSON.stringify({ stats: counts() }) + '\n', () => process.exit(0));
});
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks` }) + '\n'));
