/** The event names a subscription can ask for: a public contract, spelled exactly as receivers match on them. */
export const WEBHOOK_EVENT_TYPES = [
  'profile.created',
  'profile.updated',
  'profile.merged',
  'profile.split',
  'profile.deleted',
  'segment.entered',
  'segment.exited',
  'sync.failed',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
