import { HubError } from '../../errors/hub-error';
import type { Database } from '../../platform/database/database';
import * as store from './webhook-delivery.store';

export type { DeliveryRow } from './webhook-delivery.store';

export interface DeliveryPage {
  rows: store.DeliveryRow[];
  hasNextPage: boolean;
}

/** What happened to a subscription's deliveries, and sending them again. */
export class WebhookDeliveryService {
  constructor(
    private readonly database: Database,
    private readonly retryWindowMs: number,
    /** How long finished deliveries are kept for webhookDeliveries and replays. */
    private readonly retentionMs: number,
  ) {}

  async page(subscriptionId: string, options: { status?: string | null; first: number; afterEventId?: string }): Promise<DeliveryPage> {
    const status = options.status ?? undefined;
    if (status !== undefined && !(store.DELIVERY_STATUSES as readonly string[]).includes(status)) {
      throw new HubError('BAD_USER_INPUT', `Unknown delivery status '${status}'; use ${store.DELIVERY_STATUSES.join(', ')}.`);
    }
    const rows = await store.listDeliveries(this.database, subscriptionId, { status: status as store.DeliveryStatus | undefined, first: options.first + 1, afterEventId: options.afterEventId });
    return { rows: rows.slice(0, options.first), hasNextPage: rows.length > options.first };
  }

  /** Sends the deliveries created in [from, to) again (delivered and dead-lettered alike); returns how many. */
  async replay(subscriptionId: string, from: Date, to: Date): Promise<number> {
    if (!(from.getTime() < to.getTime())) throw new HubError('BAD_USER_INPUT', '`from` must be before `to`.');
    return store.replayDeliveries(this.database, subscriptionId, { from, to }, this.retryWindowMs);
  }

  /**
   * Sends one delivery again, with its webhook-id and body; answers it as queued. Read in the replay's own
   * transaction: once it commits, a dispatcher may take the delivery at once.
   */
  async replayOne(subscriptionId: string, eventId: string): Promise<store.DeliveryRow> {
    return this.database.transaction(async (tx) => {
      const replayed = await store.replayDeliveries(tx, subscriptionId, { eventId }, this.retryWindowMs);
      const [row] = await store.listDeliveries(tx, subscriptionId, { eventId, first: 1 });
      if (!row) throw new HubError('NOT_FOUND', `Subscription ${subscriptionId} has no delivery ${eventId}; webhookDeliveries lists them.`);
      if (replayed === 0) throw new HubError('CONFLICT', `Delivery ${eventId} is being attempted right now; replay it once the attempt is over.`);
      return row;
    });
  }

  /** Deletes what is older than the retention (HUB_WEBHOOK_RETENTION_DAYS) and finished, or waits for a disabled subscription; run hourly by webhooks-prune. */
  async prune(now = new Date()): Promise<{ deliveries: number; events: number; stranded: number }> {
    const pruned = await this.database.transaction((tx) => store.pruneDeliveries(tx, new Date(now.getTime() - this.retentionMs)));
    return { ...pruned, stranded: await store.releaseStrandedChains(this.database) };
  }

}
