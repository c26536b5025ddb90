import type { Database } from '../../platform/database/database';
import { TableUpkeep } from '../../platform/database/table-upkeep';
import type { Logger } from '../../platform/logger';
import type { SecretBox } from '../../platform/secret-box';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSender } from './webhook-sender';
import { WebhookSubscriptionService } from './webhook-subscription.service';

/** How webhooks are delivered (HUB_WEBHOOK_* variables). */
export interface WebhookSettings {
  /** Deliver to private, loopback and link-local addresses, and over plain http (local development, tests). */
  allowPrivate: boolean;
  timeoutMs: number;
  /** How long a delivery is retried, from when its event was written (or replayed), before it is dead-lettered. */
  retryWindowMs: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** Attempts in flight per worker process. */
  concurrency: number;
  /** How often a worker looks for retries that came due and deliveries whose dispatcher died. */
  pollMs: number;
  maxPayloadBytes: number;
  /** How long finished deliveries (and their events) are kept for listing and replay. */
  retentionDays: number;
}

/** Webhooks: subscriptions, their deliveries, and the dispatcher a worker process starts. */
export interface WebhookServices {
  subscriptions: WebhookSubscriptionService;
  deliveries: WebhookDeliveryService;
  dispatcher: WebhookDispatcher;
}

/** The tables the outbox writes and the dispatcher works through: what its upkeep vacuums and analyzes. */
const WEBHOOK_TABLES = ['webhook_deliveries', 'webhook_events', 'webhook_sequences', 'webhook_subscriptions'];

export function createWebhookServices(database: Database, secretBox: SecretBox, settings: WebhookSettings, logger: Logger, segments: { get(id: string): Promise<unknown> }): WebhookServices {
  const addressPolicy = { allowPrivate: settings.allowPrivate };
  const sender = new WebhookSender({ timeoutMs: settings.timeoutMs, addressPolicy, maxSockets: settings.concurrency });
  return {
    subscriptions: new WebhookSubscriptionService(database, secretBox, addressPolicy, segments),
    deliveries: new WebhookDeliveryService(database, settings.retryWindowMs, settings.retentionDays * 86_400_000),
    dispatcher: new WebhookDispatcher(database, sender, secretBox, logger, {
      concurrency: settings.concurrency,
      failingSubscriptionSlots: Math.max(1, Math.floor(settings.concurrency / 4)),
      // Past the attempt's timeout and the time to record it: a live dispatcher's attempt is never taken over.
      leaseMs: settings.timeoutMs * 2 + 1000,
      retry: { retryWindowMs: settings.retryWindowMs, baseDelayMs: settings.retryBaseDelayMs, maxDelayMs: settings.retryMaxDelayMs },
    }, new TableUpkeep(database, logger, { tables: WEBHOOK_TABLES, firstAfterRecords: 1000 })),
  };
}
