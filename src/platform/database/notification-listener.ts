import pg from 'pg';
import type { Logger } from '../logger';

const RECONNECT_MS = 1000;

/**
 * LISTENs on one PostgreSQL channel over its own connection and calls `onNotify` with each notification's
 * payload, which PostgreSQL sends when the notifying transaction commits. A dropped connection is re-opened,
 * and `onNotify` is called without a payload once it is back, as notifications sent meanwhile are lost: the
 * listener is a wake-up call, never the record of what to do.
 */
export class NotificationListener {
  private client: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    /** `payload` is what the notifier sent ('' for none); undefined after a reconnect: look at everything again. */
    private readonly onNotify: (payload?: string) => void,
    private readonly logger: Logger,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`'${channel}' is not a plain channel name`);
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => this.onNotify(message.payload ?? ''));
    client.on('error', (error) => {
      if (this.client === client) this.logger.warn({ err: error, channel: this.channel }, 'notification connection lost; reconnecting');
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`listen ${this.channel}`);
    this.client = client;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start().then(
        () => this.onNotify(),
        () => this.scheduleReconnect(),
      );
    }, RECONNECT_MS);
    this.retry.unref();
  }
}
