import { monotonicFactory } from 'ulid';

/** Prefixes say what an id names, so a log line or a support ticket is unambiguous. */
const ID_PREFIXES = {
  profile: 'prof',
  identity: 'idn',
  sourceRecord: 'srec',
  event: 'evt',
  mergeDecision: 'mrg',
  matchReview: 'rev',
  identityModel: 'mdl',
  apiKey: 'key',
  connection: 'conn',
  syncRun: 'run',
  syncRejection: 'rej',
  segment: 'seg',
  webhookSubscription: 'whk',
  auditEntry: 'aud',
  suppression: 'sup',
  erasureReceipt: 'era',
  // Standard Webhooks' own prefix for a message id, the webhook-id header.
  webhookEvent: 'msg',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

// ULIDs sort by creation time, which gives stable cursor pagination in creation order for free.
const nextUlid = monotonicFactory();

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${nextUlid().toLowerCase()}`;
}
