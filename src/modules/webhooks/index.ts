/**
 * Webhooks: subscriptions, the transactional outbox (the last stage of every profile change, and told of
 * failed syncs), Standard Webhooks signing, and the dispatcher that delivers, retries and replays. This module
 * owns webhook_subscriptions, webhook_events, webhook_deliveries and webhook_sequences.
 */
export { createWebhookServices, type WebhookServices, type WebhookSettings } from './webhook-services';
export { WebhookOutbox, type OutboxLookups } from './webhook-outbox';
export { webhookDispatchJob, webhookPruneJob } from './webhook-dispatch.jobs';
export { WEBHOOK_EVENT_TYPES } from './webhook-event-types';
export { DEFAULT_OVERLAP_HOURS, type UpdateSubscriptionInput, type WebhookSubscriptionRow } from './webhook-subscription.service';
export type { DeliveryRow } from './webhook-delivery.service';
export { signWebhook } from './webhook-signature';
export { WebhookSender } from './webhook-sender';
export { webhookErasure, webhookEventsAbout } from './webhook-erasure.store';
