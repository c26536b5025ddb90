import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { Webhook } from 'standardwebhooks';

/** A request the receiver accepted: signature verified with the standardwebhooks library, answered 2xx. */
export interface ReceivedWebhook {
  id: string;
  timestamp: number;
  body: { type: string; timestamp: string; profileId: string | null; sequence: number; data: Record<string, any> };
}

export interface ReceiverBehaviour {
  /** The share of requests answered 500 at random (before the signature is checked). */
  failureRate?: number;
  random?: () => number;
  /** Answer every request with this status instead (e.g. 410), with these headers (a Location, a Retry-After). */
  status?: number;
  headers?: Record<string, string>;
  /** Never answer (the sender's timeout must end the attempt). */
  hang?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
}

/**
 * A real webhook receiver on 127.0.0.1, verifying the Standard Webhooks headers as a downstream tool
 * would. It can fail at random, answer a fixed status, or go down (stop listening) for a stretch.
 */
export class WebhookReceiver {
  readonly accepted: ReceivedWebhook[] = [];
  requests = 0;
  badSignatures = 0;
  /** The client ports requests came from: each sender keeps its own keep-alive connections. */
  readonly remotePorts = new Set<number>();
  private server: http.Server;
  private port = 0;

  private constructor(
    private secrets: string[],
    public behaviour: ReceiverBehaviour,
  ) {
    this.server = this.createServer();
  }

  static async start(secrets: string[] = [], behaviour: ReceiverBehaviour = {}): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(secrets, behaviour);
    await receiver.listen();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** The secrets a request may be signed with (the receiver accepts any one). */
  useSecrets(secrets: string[]): void {
    this.secrets = secrets;
  }

  /** Stops listening: connections are refused until `up()`. */
  async down(): Promise<void> {
    const closed = new Promise((resolve) => this.server.close(resolve));
    this.server.closeAllConnections();
    await closed;
  }

  async up(): Promise<void> {
    this.server = this.createServer();
    await this.listen();
  }

  /** Accepted webhook-ids, one per id, in the order first accepted. */
  distinctIds(): string[] {
    return [...new Set(this.accepted.map((hook) => hook.id))];
  }

  /** Each webhook-id's first arrival, in arrival order. A repeat must carry the very same body (a retry), or this throws. */
  firstArrivals(): ReceivedWebhook[] {
    const first = new Map<string, ReceivedWebhook>();
    for (const hook of this.accepted) {
      const seen = first.get(hook.id);
      if (!seen) first.set(hook.id, hook);
      else if (!isDeepStrictEqual(seen.body, hook.body)) throw new Error(`webhook-id ${hook.id} arrived twice with different bodies: not a retry`);
    }
    return [...first.values()];
  }

  /** The sequence numbers of each profile's events, in the order they first arrived. */
  sequencesByProfile(): Map<string, number[]> {
    const sequences = new Map<string, number[]>();
    for (const hook of this.firstArrivals()) sequences.set(hook.body.profileId!, [...(sequences.get(hook.body.profileId!) ?? []), hook.body.sequence]);
    return sequences;
  }

  async waitFor(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`receiver: condition not met within ${timeoutMs} ms (accepted ${this.accepted.length}, requests ${this.requests})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    await this.down().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  private createServer(): http.Server {
    return http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', async () => {
        this.requests++;
        if (request.socket.remotePort) this.remotePorts.add(request.socket.remotePort);
        const { failureRate = 0, random = Math.random, status, headers: answerHeaders, hang, delayMs } = this.behaviour;
        if (hang) return;
        if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (status !== undefined) return void response.writeHead(status, answerHeaders ?? {}).end();
        if (random() < failureRate) return void response.writeHead(500).end('chaos');
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = { 'webhook-id': String(request.headers['webhook-id']), 'webhook-timestamp': String(request.headers['webhook-timestamp']), 'webhook-signature': String(request.headers['webhook-signature']) };
        const verified = this.secrets.some((secret) => {
          try {
            new Webhook(secret).verify(raw, headers);
            return true;
          } catch {
            return false;
          }
        });
        if (!verified) {
          this.badSignatures++;
          return void response.writeHead(401).end('bad signature');
        }
        this.accepted.push({ id: headers['webhook-id'], timestamp: Number(headers['webhook-timestamp']), body: JSON.parse(raw) });
        response.writeHead(204).end();
      });
    });
  }
}
