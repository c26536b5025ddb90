/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Inclusive bounds on an amount. */
export type AmountRangeInput = {
  gte?: number | null | undefined;
  lte?: number | null | undefined;
};

/** EQ, NEQ (has the key, with another value), IN (a list), CONTAINS (text, ignoring case), GT/GTE/LT/LTE (numbers, or YYYY-MM-DD dates), EXISTS (no value). On a trait, what applies follows the key's type (the traitDefinitions query): a numeric key compares as numbers ("10000" is 10000), a text key takes no GT/GTE/LT/LTE, and a comparison that does not fit is refused. */
export type ConditionOperator =
  | 'CONTAINS'
  | 'EQ'
  | 'EXISTS'
  | 'GT'
  | 'GTE'
  | 'IN'
  | 'LT'
  | 'LTE'
  | 'NEQ';

/** EMAIL, SMS, PHONE (calls) or WECHAT. */
export type ConsentChannel =
  | 'EMAIL'
  | 'PHONE'
  | 'SMS'
  | 'WECHAT';

/** Profiles whose holding consent for the channel and purpose has the status (or one of the statuses). A profile with no statement has none: use not for "not granted". */
export type ConsentConditionInput = {
  channel: ConsentChannel;
  /** marketing, service, or a purpose a source named. */
  purpose: string;
  status?: ConsentStatus | null | undefined;
  statuses?: Array<ConsentStatus> | null | undefined;
};

/** GRANTED, DENIED (never given), WITHDRAWN (given, then taken back) or UNKNOWN (the source said it does not know, e.g. a double opt-in not yet confirmed). */
export type ConsentStatus =
  | 'DENIED'
  | 'GRANTED'
  | 'UNKNOWN'
  | 'WITHDRAWN';

/** Inclusive bounds on a count. */
export type CountRangeInput = {
  gte?: number | null | undefined;
  lte?: number | null | undefined;
};

export type CreateConnectionInput = {
  /** The connector's config fields (see `connectors`). */
  config: Record<string, unknown>;
  /** A connector type from the `connectors` query, e.g. shopify. */
  connector: string;
  enabled?: boolean | null | undefined;
  /** 1-64 letters, digits, '_', '-' or '.'; also the source name of the records it brings in. */
  name: string;
  /** Where phones written without a country code are read when the record's own country says nothing: an ISO 3166-1 alpha-2 code such as US or CN (not part of the connector's config: any connection has one); null or left out: the hub's default, HUB_DEFAULT_REGION. */
  region?: string | null | undefined;
  /** A cron expression or an interval such as 'every 15m'; null or left out for manual syncs only. */
  schedule?: string | null | undefined;
};

/** A segment to save: its members are computed at once and kept current. */
export type CreateSegmentInput = {
  definition: SegmentConditionInput;
  description?: string | null | undefined;
  name: string;
};

/** A new webhook subscription. */
export type CreateWebhookSubscriptionInput = {
  description?: string | null | undefined;
  /** Event names: profile.created, profile.updated, profile.merged, profile.split, profile.deleted, segment.entered, segment.exited, sync.failed. */
  events: Array<string>;
  /** Only this segment's members, and its own entries and exits. */
  segmentId?: string | number | null | undefined;
  /** An https URL on a public address (http and private addresses only with HUB_WEBHOOK_ALLOW_PRIVATE=true). */
  url: string;
};

/** Profiles with events of a type, counted (at least one unless count or sumAmount says otherwise). */
export type EventConditionInput = {
  between?: TimeRangeInput | null | undefined;
  count?: CountRangeInput | null | undefined;
  /** Bounds on the sum of the matching events’ amounts. */
  sumAmount?: AmountRangeInput | null | undefined;
  /** order, interaction, lead, service_ticket or membership. */
  type: string;
  /** Conditions on the event properties; all must hold. */
  where?: Array<ValueConditionInput> | null | undefined;
  /** Only events of the last N days. */
  withinDays?: number | null | undefined;
};

export type IdentityConditionInput = {
  /** Profiles holding an identity of this type: email, phone, wechat_unionid, wechat_openid, external_id. */
  type: string;
};

/** An identifier; the value is normalized as at ingestion (e-mail case and the mail provider's rules such as Gmail's dots, phone formatting). */
export type IdentityFilterInput = {
  /** One of external_id, wechat_unionid, wechat_openid, national_id, email, phone. */
  type: string;
  value: string;
};

export type MatchReviewStatus =
  | 'accepted'
  | 'open'
  | 'rejected';

/** All given conditions must hold. */
export type ProfileFilterInput = {
  identity?: IdentityFilterInput | null | undefined;
  /** Profiles holding at least one record from this source. */
  source?: string | null | undefined;
  trait?: TraitFilterInput | null | undefined;
  /** Profiles changed at or after this time. */
  updatedSince?: string | null | undefined;
};

/** One segment condition: exactly one of its fields. Combine with all, any and not. */
export type SegmentConditionInput = {
  /** Every condition holds. */
  all?: Array<SegmentConditionInput> | null | undefined;
  /** At least one condition holds. */
  any?: Array<SegmentConditionInput> | null | undefined;
  /** A test of one computed trait (order_count, rfm_group, portrait_tags, membership_tier, …). */
  computed?: ValueConditionInput | null | undefined;
  consent?: ConsentConditionInput | null | undefined;
  event?: EventConditionInput | null | undefined;
  identity?: IdentityConditionInput | null | undefined;
  /** The condition does not hold. */
  not?: SegmentConditionInput | null | undefined;
  segment?: SegmentReferenceInput | null | undefined;
  source?: SourceConditionInput | null | undefined;
  trait?: ValueConditionInput | null | undefined;
};

export type SegmentReferenceInput = {
  /** A saved segment: the condition holds for its members (it stands for that segment’s definition, kept current when it changes). */
  id: string | number;
};

export type SourceConditionInput = {
  /** Profiles holding at least one record from this source. */
  name: string;
};

/** A time range: from inclusive, to exclusive. */
export type TimeRangeInput = {
  from?: string | null | undefined;
  to?: string | null | undefined;
};

export type TraitFilterInput = {
  key: string;
  /** Compared with the trait value as text. */
  value: string;
};

/** Only the fields given change. */
export type UpdateConnectionInput = {
  /** Config fields to change; a secret field left out keeps its stored value. */
  config?: Record<string, unknown> | null | undefined;
  enabled?: boolean | null | undefined;
  /** A new region, where phones written without a country code are read when the record's own country says nothing (e.g. US, CN); null: the hub's default again, HUB_DEFAULT_REGION. A stored record keeps the region it was read in until the connection brings it again (a full sync brings every record). */
  region?: string | null | undefined;
  /** A new schedule; null removes it (manual syncs only). */
  schedule?: string | null | undefined;
};

/** Changes to a subscription; omitted fields stay as they are. */
export type UpdateWebhookSubscriptionInput = {
  description?: string | null | undefined;
  /** true enables a disabled subscription (its waiting deliveries go out at once); false disables it. */
  enabled?: boolean | null | undefined;
  events?: Array<string> | null | undefined;
  /** null removes the segment limit. */
  segmentId?: string | number | null | undefined;
  url?: string | null | undefined;
};

/** A test of one trait (or, inside an event condition, one event property). */
export type ValueConditionInput = {
  key: string;
  op: ConditionOperator;
  /** A string, number or boolean; a list for IN; none for EXISTS. */
  value?: unknown;
};

export type ConnectionByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type ConnectionByIdQuery = { connection: { id: string, name: string, connector: string, status: string, statusReason: string | null, enabled: boolean, schedule: string | null, region: string | null, config: Record<string, unknown>, createdAt: string, updatedAt: string, lastRun: { id: string, connectionId: string, status: string, fullRefresh: boolean, trigger: string, queuedAt: string, startedAt: string | null, finishedAt: string | null, attempts: number, lastError: string | null, streams: Array<{ stream: string, read: number, created: number, updated: number, unchanged: number, rejected: number }> } | null } | null };

export type ConnectionSummaryFragment = { id: string, name: string, connector: string, status: string, statusReason: string | null, enabled: boolean, schedule: string | null, region: string | null, config: Record<string, unknown>, createdAt: string, updatedAt: string, lastRun: { id: string, connectionId: string, status: string, fullRefresh: boolean, trigger: string, queuedAt: string, startedAt: string | null, finishedAt: string | null, attempts: number, lastError: string | null, streams: Array<{ stream: string, read: number, created: number, updated: number, unchanged: number, rejected: number }> } | null };

export type ConnectionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConnectionsQuery = { connections: Array<{ id: string, name: string, connector: string, status: string, statusReason: string | null, enabled: boolean, schedule: string | null, region: string | null, config: Record<string, unknown>, createdAt: string, updatedAt: string, lastRun: { id: string, connectionId: string, status: string, fullRefresh: boolean, trigger: string, queuedAt: string, startedAt: string | null, finishedAt: string | null, attempts: number, lastError: string | null, streams: Array<{ stream: string, read: number, created: number, updated: number, unchanged: number, rejected: number }> } | null }> };

export type ConnectorsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConnectorsQuery = { connectors: Array<{ type: string, title: string, streams: Array<string>, fields: Array<{ name: string, type: string, required: boolean, secret: boolean, description: string, default: unknown }> }> };

export type CreateConnectionMutationVariables = Exact<{
  input: CreateConnectionInput;
}>;


export type CreateConnectionMutation = { createConnection: { id: string, name: string, connector: string, status: string, statusReason: string | null, enabled: boolean, schedule: string | null, region: string | null, config: Record<string, unknown>, createdAt: string, updatedAt: string, lastRun: { id: string, connectionId: string, status: string, fullRefresh: boolean, trigger: string, queuedAt: string, startedAt: string | null, finishedAt: string | null, attempts: number, lastError: string | null, streams: Array<{ stream: string, read: number, created: number, updated: number, unchanged: number, rejected: number }> } | null } };

export type CreateSegmentMutationVariables = Exact<{
  input: CreateSegmentInput;
}>;


export type CreateSegmentMutation = { createSegment: { id: string, name: string, count: number, timeRelative: boolean, profiles: { totalCount: number, edges: Array<{ node: { id: string } }> } } };

export type CreateWebhookSubscriptionMutationVariables = Exact<{
  input: CreateWebhookSubscriptionInput;
}>;


export type CreateWebhookSubscriptionMutation = { createWebhookSubscription: { secret: string, subscription: { id: string, url: string, events: Array<string>, segmentId: string | null, description: string | null, status: string, disabledReason: string | null, previousSecretExpiresAt: string | null, failingSince: string | null, createdAt: string } } };

export type DeleteConnectionMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteConnectionMutation = { deleteConnection: string };

export type DeleteProfileMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteProfileMutation = { deleteProfile: boolean };

export type DeleteWebhookSubscriptionMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteWebhookSubscriptionMutation = { deleteWebhookSubscription: boolean };

export type ExplainMatchQueryVariables = Exact<{
  sourceRecordA: string | number;
  sourceRecordB: string | number;
}>;


export type ExplainMatchQuery = { explainMatch: { profileA: string, profileB: string, weight: number, probability: number, decision: string, constraint: string | null, fields: Array<{ field: string, left: string | null, right: string | null, level: string, weight: number, sharedBy: { people: number, adjustment: number } | null }>, sharedIdentifiers: Array<{ type: string, value: string, people: number }>, conflict: { field: string, left: string, right: string } | null } };

export type IngestRecordsMutationVariables = Exact<{
  source: string;
  records: Array<unknown> | unknown;
  region?: string | null | undefined;
}>;


export type IngestRecordsMutation = { ingestRecords: { read: number, created: number, updated: number, unchanged: number, rejected: number, merges: number, profileIds: Array<string>, rejections: Array<{ index: number, reason: string }> } };

export type ListProfilesQueryVariables = Exact<{
  filter?: ProfileFilterInput | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ListProfilesQuery = { profiles: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, createdAt: string, updatedAt: string, sources: Array<string>, identities: Array<{ type: string, value: string, source: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MatchReviewsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  status?: MatchReviewStatus | null | undefined;
}>;


export type MatchReviewsQuery = { matchReviews: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, sourceRecordA: string, sourceRecordB: string, profileA: string, profileB: string, probability: number, weight: number, status: MatchReviewStatus, decidedBy: string | null, decidedAt: string | null, mergeDecisionId: string | null, fields: Array<{ field: string, left: string | null, right: string | null, level: string, weight: number }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MatchReviewDetailFragment = { id: string, sourceRecordA: string, sourceRecordB: string, profileA: string, profileB: string, probability: number, weight: number, status: MatchReviewStatus, decidedBy: string | null, decidedAt: string | null, mergeDecisionId: string | null, fields: Array<{ field: string, left: string | null, right: string | null, level: string, weight: number }> };

export type MergeDecisionDetailFragment = { id: string, kind: string, survivingProfileId: string, mergedProfileId: string, mergedSourceRecordIds: Array<string>, rule: string, probability: number | null, evidence: Record<string, unknown>, actor: string, decidedAt: string, reversedAt: string | null };

export type MergeProfilesMutationVariables = Exact<{
  a: string | number;
  b: string | number;
}>;


export type MergeProfilesMutation = { mergeProfiles: { profileIds: Array<string>, decision: { id: string, kind: string, survivingProfileId: string, mergedProfileId: string, mergedSourceRecordIds: Array<string>, rule: string, probability: number | null, evidence: Record<string, unknown>, actor: string, decidedAt: string, reversedAt: string | null } } };

export type PauseConnectionMutationVariables = Exact<{
  id: string | number;
}>;


export type PauseConnectionMutation = { pauseConnection: { id: string, enabled: boolean, status: string } };

export type PreviewIdentityRulesQueryVariables = Exact<{
  config: unknown;
}>;


export type PreviewIdentityRulesQuery = { previewIdentityRules: { records: number, profilesBefore: number, profilesAfter: number, merges: number, profilesMerged: number, splits: number, reviews: number, mergeExamples: Array<{ profileIds: Array<string>, sourceRecordIds: Array<string> }>, splitExamples: Array<{ profileId: string, parts: Array<Array<string>> }>, unchangedRules: { merges: number, splits: number } } };

export type PreviewSegmentQueryVariables = Exact<{
  definition: SegmentConditionInput;
  sample?: number | null | undefined;
}>;


export type PreviewSegmentQuery = { previewSegment: { count: number, sample: Array<{ id: string, createdAt: string, traits: Array<{ key: string, value: unknown }> }> } };

export type ProfileByIdQueryVariables = Exact<{
  id: string | number;
  eventsFirst?: number | null | undefined;
  eventsAfter?: string | null | undefined;
  eventType?: string | null | undefined;
}>;


export type ProfileByIdQuery = { profile: { id: string, createdAt: string, updatedAt: string, sources: Array<string>, portraitTags: Array<string>, events: { edges: Array<{ cursor: string, node: { id: string, type: string, occurredAt: string, amount: number | null, source: string, properties: Record<string, unknown> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, identities: Array<{ type: string, value: string, source: string }>, traits: Array<{ key: string, value: unknown, source: string, sourceRecordId: string, observedAt: string, rule: string, candidates: Array<{ value: unknown, source: string, sourceRecordId: string, observedAt: string }> }>, computedTraits: Array<{ key: string, value: unknown, computedAt: string, lineage: { eventTypes: Array<string>, eventCount: number, lastEventId: string | null, lastEventAt: string | null } }> } | null };

export type ProfileByIdentityQueryVariables = Exact<{
  type: string;
  value: string;
}>;


export type ProfileByIdentityQuery = { profileByIdentity: { id: string, createdAt: string, updatedAt: string, sources: Array<string>, portraitTags: Array<string>, identities: Array<{ type: string, value: string, source: string }>, traits: Array<{ key: string, value: unknown, source: string, sourceRecordId: string, observedAt: string, rule: string, candidates: Array<{ value: unknown, source: string, sourceRecordId: string, observedAt: string }> }>, computedTraits: Array<{ key: string, value: unknown, computedAt: string, lineage: { eventTypes: Array<string>, eventCount: number, lastEventId: string | null, lastEventAt: string | null } }> } | null };

export type ProfileDetailFragment = { id: string, createdAt: string, updatedAt: string, sources: Array<string>, portraitTags: Array<string>, identities: Array<{ type: string, value: string, source: string }>, traits: Array<{ key: string, value: unknown, source: string, sourceRecordId: string, observedAt: string, rule: string, candidates: Array<{ value: unknown, source: string, sourceRecordId: string, observedAt: string }> }>, computedTraits: Array<{ key: string, value: unknown, computedAt: string, lineage: { eventTypes: Array<string>, eventCount: number, lastEventId: string | null, lastEventAt: string | null } }> };

export type ProfileMergeHistoryQueryVariables = Exact<{
  id: string | number;
}>;


export type ProfileMergeHistoryQuery = { profile: { id: string, mergeHistory: Array<{ id: string, kind: string, survivingProfileId: string, mergedProfileId: string, mergedSourceRecordIds: Array<string>, rule: string, probability: number | null, evidence: Record<string, unknown>, actor: string, decidedAt: string, reversedAt: string | null }> } | null };

export type ProfilesByIdentityQueryVariables = Exact<{
  type: string;
  value: string;
}>;


export type ProfilesByIdentityQuery = { profilesByIdentity: Array<{ id: string, createdAt: string, updatedAt: string, sources: Array<string>, portraitTags: Array<string>, identities: Array<{ type: string, value: string, source: string }>, traits: Array<{ key: string, value: unknown, source: string, sourceRecordId: string, observedAt: string, rule: string, candidates: Array<{ value: unknown, source: string, sourceRecordId: string, observedAt: string }> }>, computedTraits: Array<{ key: string, value: unknown, computedAt: string, lineage: { eventTypes: Array<string>, eventCount: number, lastEventId: string | null, lastEventAt: string | null } }> }> };

export type ReplayWebhookDeliveriesMutationVariables = Exact<{
  subscriptionId: string | number;
  from: string;
  to: string;
}>;


export type ReplayWebhookDeliveriesMutation = { replayWebhookDeliveries: number };

export type ReplayWebhookDeliveryMutationVariables = Exact<{
  subscriptionId: string | number;
  id: string | number;
}>;


export type ReplayWebhookDeliveryMutation = { replayWebhookDelivery: { id: string, status: string, attempts: number } };

export type ResolveMatchReviewMutationVariables = Exact<{
  id: string | number;
  accept: boolean;
}>;


export type ResolveMatchReviewMutation = { resolveMatchReview: { review: { id: string, sourceRecordA: string, sourceRecordB: string, profileA: string, profileB: string, probability: number, weight: number, status: MatchReviewStatus, decidedBy: string | null, decidedAt: string | null, mergeDecisionId: string | null, fields: Array<{ field: string, left: string | null, right: string | null, level: string, weight: number }> }, decision: { id: string, kind: string, survivingProfileId: string, mergedProfileId: string, mergedSourceRecordIds: Array<string>, rule: string, probability: number | null, evidence: Record<string, unknown>, actor: string, decidedAt: string, reversedAt: string | null } | null } };

export type ResumeConnectionMutationVariables = Exact<{
  id: string | number;
}>;


export type ResumeConnectionMutation = { resumeConnection: { id: string, enabled: boolean, status: string } };

export type RotateWebhookSecretMutationVariables = Exact<{
  id: string | number;
  overlapHours?: number | null | undefined;
}>;


export type RotateWebhookSecretMutation = { rotateWebhookSecret: { secret: string, subscription: { id: string, url: string, events: Array<string>, segmentId: string | null, description: string | null, status: string, disabledReason: string | null, previousSecretExpiresAt: string | null, failingSince: string | null, createdAt: string } } };

export type SegmentsQueryVariables = Exact<{ [key: string]: never; }>;


export type SegmentsQuery = { segments: Array<{ id: string, name: string, description: string | null, definition: unknown, timeRelative: boolean, count: number, evaluatedAt: string, updatedAt: string }> };

export type SplitProfileMutationVariables = Exact<{
  profileId: string | number;
  sourceRecordIds: Array<string | number> | string | number;
}>;


export type SplitProfileMutation = { splitProfile: { profileIds: Array<string>, decision: { id: string, kind: string, survivingProfileId: string, mergedProfileId: string, mergedSourceRecordIds: Array<string>, rule: string, probability: number | null, evidence: Record<string, unknown>, actor: string, decidedAt: string, reversedAt: string | null } } };

export type SyncRunSummaryFragment = { id: string, connectionId: string, status: string, fullRefresh: boolean, trigger: string, queuedAt: string, startedAt: string | null, finishedAt: string | null, attempts: number, lastError: string | null, streams: Array<{ stream: string, read: number, created: number, updated: number, unchanged: number, rejected: number }> };

export type SyncRunsQueryVariables = Exact<{
  connectionId: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  rejectionsFirst?: number | null | undefined;
}>;


export type SyncRunsQuery = { syncRuns: { edges: Array<{ cursor: string, node: { id: string, connectionId: string, status: string, fullRefresh: boolean, trigger: string, queuedAt: string, startedAt: string | null, finishedAt: string | null, attempts: number, lastError: string | null, rejections: { edges: Array<{ node: { id: string, stream: string, reason: string, raw: unknown, createdAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, streams: Array<{ stream: string, read: number, created: number, updated: number, unchanged: number, rejected: number }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type TestConnectionMutationVariables = Exact<{
  id: string | number;
}>;


export type TestConnectionMutation = { testConnection: { ok: boolean, reason: string | null, checks: Array<{ name: string, status: string, detail: string }> } };

export type TriggerSyncMutationVariables = Exact<{
  connectionId: string | number;
  full?: boolean | null | undefined;
}>;


export type TriggerSyncMutation = { triggerSync: { id: string, connectionId: string, status: string, fullRefresh: boolean, trigger: string, queuedAt: string, startedAt: string | null, finishedAt: string | null, attempts: number, lastError: string | null, streams: Array<{ stream: string, read: number, created: number, updated: number, unchanged: number, rejected: number }> } };

export type UpdateConnectionMutationVariables = Exact<{
  id: string | number;
  input: UpdateConnectionInput;
}>;


export type UpdateConnectionMutation = { updateConnection: { id: string, name: string, connector: string, status: string, statusReason: string | null, enabled: boolean, schedule: string | null, region: string | null, config: Record<string, unknown>, createdAt: string, updatedAt: string, lastRun: { id: string, connectionId: string, status: string, fullRefresh: boolean, trigger: string, queuedAt: string, startedAt: string | null, finishedAt: string | null, attempts: number, lastError: string | null, streams: Array<{ stream: string, read: number, created: number, updated: number, unchanged: number, rejected: number }> } | null } };

export type UpdateWebhookSubscriptionMutationVariables = Exact<{
  id: string | number;
  input: UpdateWebhookSubscriptionInput;
}>;


export type UpdateWebhookSubscriptionMutation = { updateWebhookSubscription: { id: string, url: string, events: Array<string>, segmentId: string | null, description: string | null, status: string, disabledReason: string | null, previousSecretExpiresAt: string | null, failingSince: string | null, createdAt: string } };

export type WebhookDeliveriesQueryVariables = Exact<{
  subscriptionId: string | number;
  status?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type WebhookDeliveriesQuery = { webhookDeliveries: { edges: Array<{ cursor: string, node: { id: string, eventType: string, profileId: string | null, sequence: number, status: string, attempts: number, responseCode: number | null, latencyMs: number | null, lastError: string | null, nextAttemptAt: string | null, createdAt: string, deliveredAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type WebhookSubscriptionSummaryFragment = { id: string, url: string, events: Array<string>, segmentId: string | null, description: string | null, status: string, disabledReason: string | null, previousSecretExpiresAt: string | null, failingSince: string | null, createdAt: string };

export type WebhookSubscriptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type WebhookSubscriptionsQuery = { webhookSubscriptions: Array<{ id: string, url: string, events: Array<string>, segmentId: string | null, description: string | null, status: string, disabledReason: string | null, previousSecretExpiresAt: string | null, failingSince: string | null, createdAt: string }> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const SyncRunSummaryFragmentDoc = new TypedDocumentString(`
    fragment SyncRunSummary on SyncRun {
  id
  connectionId
  status
  fullRefresh
  trigger
  queuedAt
  startedAt
  finishedAt
  attempts
  lastError
  streams {
    stream
    read
    created
    updated
    unchanged
    rejected
  }
}
    `, {"fragmentName":"SyncRunSummary"}) as unknown as TypedDocumentString<SyncRunSummaryFragment, unknown>;
export const ConnectionSummaryFragmentDoc = new TypedDocumentString(`
    fragment ConnectionSummary on Connection {
  id
  name
  connector
  status
  statusReason
  enabled
  schedule
  region
  config
  createdAt
  updatedAt
  lastRun {
    ...SyncRunSummary
  }
}
    fragment SyncRunSummary on SyncRun {
  id
  connectionId
  status
  fullRefresh
  trigger
  queuedAt
  startedAt
  finishedAt
  attempts
  lastError
  streams {
    stream
    read
    created
    updated
    unchanged
    rejected
  }
}`, {"fragmentName":"ConnectionSummary"}) as unknown as TypedDocumentString<ConnectionSummaryFragment, unknown>;
export const MatchReviewDetailFragmentDoc = new TypedDocumentString(`
    fragment MatchReviewDetail on MatchReview {
  id
  sourceRecordA
  sourceRecordB
  profileA
  profileB
  probability
  weight
  fields {
    field
    left
    right
    level
    weight
  }
  status
  decidedBy
  decidedAt
  mergeDecisionId
}
    `, {"fragmentName":"MatchReviewDetail"}) as unknown as TypedDocumentString<MatchReviewDetailFragment, unknown>;
export const MergeDecisionDetailFragmentDoc = new TypedDocumentString(`
    fragment MergeDecisionDetail on MergeDecision {
  id
  kind
  survivingProfileId
  mergedProfileId
  mergedSourceRecordIds
  rule
  probability
  evidence
  actor
  decidedAt
  reversedAt
}
    `, {"fragmentName":"MergeDecisionDetail"}) as unknown as TypedDocumentString<MergeDecisionDetailFragment, unknown>;
export const ProfileDetailFragmentDoc = new TypedDocumentString(`
    fragment ProfileDetail on Profile {
  id
  createdAt
  updatedAt
  sources
  identities {
    type
    value
    source
  }
  traits {
    key
    value
    source
    sourceRecordId
    observedAt
    rule
    candidates {
      value
      source
      sourceRecordId
      observedAt
    }
  }
  portraitTags
  computedTraits {
    key
    value
    computedAt
    lineage {
      eventTypes
      eventCount
      lastEventId
      lastEventAt
    }
  }
}
    `, {"fragmentName":"ProfileDetail"}) as unknown as TypedDocumentString<ProfileDetailFragment, unknown>;
export const WebhookSubscriptionSummaryFragmentDoc = new TypedDocumentString(`
    fragment WebhookSubscriptionSummary on WebhookSubscription {
  id
  url
  events
  segmentId
  description
  status
  disabledReason
  previousSecretExpiresAt
  failingSince
  createdAt
}
    `, {"fragmentName":"WebhookSubscriptionSummary"}) as unknown as TypedDocumentString<WebhookSubscriptionSummaryFragment, unknown>;
export const ConnectionByIdDocument = new TypedDocumentString(`
    query ConnectionById($id: ID!) {
  connection(id: $id) {
    ...ConnectionSummary
  }
}
    fragment ConnectionSummary on Connection {
  id
  name
  connector
  status
  statusReason
  enabled
  schedule
  region
  config
  createdAt
  updatedAt
  lastRun {
    ...SyncRunSummary
  }
}
fragment SyncRunSummary on SyncRun {
  id
  connectionId
  status
  fullRefresh
  trigger
  queuedAt
  startedAt
  finishedAt
  attempts
  lastError
  streams {
    stream
    read
    created
    updated
    unchanged
    rejected
  }
}`) as unknown as TypedDocumentString<ConnectionByIdQuery, ConnectionByIdQueryVariables>;
export const ConnectionsDocument = new TypedDocumentString(`
    query Connections {
  connections {
    ...ConnectionSummary
  }
}
    fragment ConnectionSummary on Connection {
  id
  name
  connector
  status
  statusReason
  enabled
  schedule
  region
  config
  createdAt
  updatedAt
  lastRun {
    ...SyncRunSummary
  }
}
fragment SyncRunSummary on SyncRun {
  id
  connectionId
  status
  fullRefresh
  trigger
  queuedAt
  startedAt
  finishedAt
  attempts
  lastError
  streams {
    stream
    read
    created
    updated
    unchanged
    rejected
  }
}`) as unknown as TypedDocumentString<ConnectionsQuery, ConnectionsQueryVariables>;
export const ConnectorsDocument = new TypedDocumentString(`
    query Connectors {
  connectors {
    type
    title
    streams
    fields {
      name
      type
      required
      secret
      description
      default
    }
  }
}
    `) as unknown as TypedDocumentString<ConnectorsQuery, ConnectorsQueryVariables>;
export const CreateConnectionDocument = new TypedDocumentString(`
    mutation CreateConnection($input: CreateConnectionInput!) {
  createConnection(input: $input) {
    ...ConnectionSummary
  }
}
    fragment ConnectionSummary on Connection {
  id
  name
  connector
  status
  statusReason
  enabled
  schedule
  region
  config
  createdAt
  updatedAt
  lastRun {
    ...SyncRunSummary
  }
}
fragment SyncRunSummary on SyncRun {
  id
  connectionId
  status
  fullRefresh
  trigger
  queuedAt
  startedAt
  finishedAt
  attempts
  lastError
  streams {
    stream
    read
    created
    updated
    unchanged
    rejected
  }
}`) as unknown as TypedDocumentString<CreateConnectionMutation, CreateConnectionMutationVariables>;
export const CreateSegmentDocument = new TypedDocumentString(`
    mutation CreateSegment($input: CreateSegmentInput!) {
  createSegment(input: $input) {
    id
    name
    count
    timeRelative
    profiles(first: 20) {
      totalCount
      edges {
        node {
          id
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CreateSegmentMutation, CreateSegmentMutationVariables>;
export const CreateWebhookSubscriptionDocument = new TypedDocumentString(`
    mutation CreateWebhookSubscription($input: CreateWebhookSubscriptionInput!) {
  createWebhookSubscription(input: $input) {
    secret
    subscription {
      ...WebhookSubscriptionSummary
    }
  }
}
    fragment WebhookSubscriptionSummary on WebhookSubscription {
  id
  url
  events
  segmentId
  description
  status
  disabledReason
  previousSecretExpiresAt
  failingSince
  createdAt
}`) as unknown as TypedDocumentString<CreateWebhookSubscriptionMutation, CreateWebhookSubscriptionMutationVariables>;
export const DeleteConnectionDocument = new TypedDocumentString(`
    mutation DeleteConnection($id: ID!) {
  deleteConnection(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteConnectionMutation, DeleteConnectionMutationVariables>;
export const DeleteProfileDocument = new TypedDocumentString(`
    mutation DeleteProfile($id: ID!) {
  deleteProfile(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteProfileMutation, DeleteProfileMutationVariables>;
export const DeleteWebhookSubscriptionDocument = new TypedDocumentString(`
    mutation DeleteWebhookSubscription($id: ID!) {
  deleteWebhookSubscription(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteWebhookSubscriptionMutation, DeleteWebhookSubscriptionMutationVariables>;
export const ExplainMatchDocument = new TypedDocumentString(`
    query ExplainMatch($sourceRecordA: ID!, $sourceRecordB: ID!) {
  explainMatch(sourceRecordA: $sourceRecordA, sourceRecordB: $sourceRecordB) {
    profileA
    profileB
    fields {
      field
      left
      right
      level
      weight
      sharedBy {
        people
        adjustment
      }
    }
    weight
    probability
    decision
    sharedIdentifiers {
      type
      value
      people
    }
    conflict {
      field
      left
      right
    }
    constraint
  }
}
    `) as unknown as TypedDocumentString<ExplainMatchQuery, ExplainMatchQueryVariables>;
export const IngestRecordsDocument = new TypedDocumentString(`
    mutation IngestRecords($source: String!, $records: [JSON!]!, $region: String) {
  ingestRecords(source: $source, records: $records, region: $region) {
    read
    created
    updated
    unchanged
    rejected
    merges
    rejections {
      index
      reason
    }
    profileIds
  }
}
    `) as unknown as TypedDocumentString<IngestRecordsMutation, IngestRecordsMutationVariables>;
export const ListProfilesDocument = new TypedDocumentString(`
    query ListProfiles($filter: ProfileFilterInput, $first: Int = 20, $after: String) {
  profiles(filter: $filter, first: $first, after: $after) {
    totalCount
    edges {
      cursor
      node {
        id
        createdAt
        updatedAt
        sources
        identities {
          type
          value
          source
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<ListProfilesQuery, ListProfilesQueryVariables>;
export const MatchReviewsDocument = new TypedDocumentString(`
    query MatchReviews($first: Int, $after: String, $status: MatchReviewStatus) {
  matchReviews(first: $first, after: $after, status: $status) {
    totalCount
    edges {
      cursor
      node {
        ...MatchReviewDetail
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment MatchReviewDetail on MatchReview {
  id
  sourceRecordA
  sourceRecordB
  profileA
  profileB
  probability
  weight
  fields {
    field
    left
    right
    level
    weight
  }
  status
  decidedBy
  decidedAt
  mergeDecisionId
}`) as unknown as TypedDocumentString<MatchReviewsQuery, MatchReviewsQueryVariables>;
export const MergeProfilesDocument = new TypedDocumentString(`
    mutation MergeProfiles($a: ID!, $b: ID!) {
  mergeProfiles(a: $a, b: $b) {
    profileIds
    decision {
      ...MergeDecisionDetail
    }
  }
}
    fragment MergeDecisionDetail on MergeDecision {
  id
  kind
  survivingProfileId
  mergedProfileId
  mergedSourceRecordIds
  rule
  probability
  evidence
  actor
  decidedAt
  reversedAt
}`) as unknown as TypedDocumentString<MergeProfilesMutation, MergeProfilesMutationVariables>;
export const PauseConnectionDocument = new TypedDocumentString(`
    mutation PauseConnection($id: ID!) {
  pauseConnection(id: $id) {
    id
    enabled
    status
  }
}
    `) as unknown as TypedDocumentString<PauseConnectionMutation, PauseConnectionMutationVariables>;
export const PreviewIdentityRulesDocument = new TypedDocumentString(`
    query PreviewIdentityRules($config: JSON!) {
  previewIdentityRules(config: $config) {
    records
    profilesBefore
    profilesAfter
    merges
    profilesMerged
    splits
    reviews
    mergeExamples {
      profileIds
      sourceRecordIds
    }
    splitExamples {
      profileId
      parts
    }
    unchangedRules {
      merges
      splits
    }
  }
}
    `) as unknown as TypedDocumentString<PreviewIdentityRulesQuery, PreviewIdentityRulesQueryVariables>;
export const PreviewSegmentDocument = new TypedDocumentString(`
    query PreviewSegment($definition: SegmentConditionInput!, $sample: Int = 10) {
  previewSegment(definition: $definition) {
    count
    sample(first: $sample) {
      id
      createdAt
      traits {
        key
        value
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PreviewSegmentQuery, PreviewSegmentQueryVariables>;
export const ProfileByIdDocument = new TypedDocumentString(`
    query ProfileById($id: ID!, $eventsFirst: Int = 20, $eventsAfter: String, $eventType: String) {
  profile(id: $id) {
    ...ProfileDetail
    events(first: $eventsFirst, after: $eventsAfter, type: $eventType) {
      edges {
        cursor
        node {
          id
          type
          occurredAt
          amount
          source
          properties
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    fragment ProfileDetail on Profile {
  id
  createdAt
  updatedAt
  sources
  identities {
    type
    value
    source
  }
  traits {
    key
    value
    source
    sourceRecordId
    observedAt
    rule
    candidates {
      value
      source
      sourceRecordId
      observedAt
    }
  }
  portraitTags
  computedTraits {
    key
    value
    computedAt
    lineage {
      eventTypes
      eventCount
      lastEventId
      lastEventAt
    }
  }
}`) as unknown as TypedDocumentString<ProfileByIdQuery, ProfileByIdQueryVariables>;
export const ProfileByIdentityDocument = new TypedDocumentString(`
    query ProfileByIdentity($type: String!, $value: String!) {
  profileByIdentity(type: $type, value: $value) {
    ...ProfileDetail
  }
}
    fragment ProfileDetail on Profile {
  id
  createdAt
  updatedAt
  sources
  identities {
    type
    value
    source
  }
  traits {
    key
    value
    source
    sourceRecordId
    observedAt
    rule
    candidates {
      value
      source
      sourceRecordId
      observedAt
    }
  }
  portraitTags
  computedTraits {
    key
    value
    computedAt
    lineage {
      eventTypes
      eventCount
      lastEventId
      lastEventAt
    }
  }
}`) as unknown as TypedDocumentString<ProfileByIdentityQuery, ProfileByIdentityQueryVariables>;
export const ProfileMergeHistoryDocument = new TypedDocumentString(`
    query ProfileMergeHistory($id: ID!) {
  profile(id: $id) {
    id
    mergeHistory {
      ...MergeDecisionDetail
    }
  }
}
    fragment MergeDecisionDetail on MergeDecision {
  id
  kind
  survivingProfileId
  mergedProfileId
  mergedSourceRecordIds
  rule
  probability
  evidence
  actor
  decidedAt
  reversedAt
}`) as unknown as TypedDocumentString<ProfileMergeHistoryQuery, ProfileMergeHistoryQueryVariables>;
export const ProfilesByIdentityDocument = new TypedDocumentString(`
    query ProfilesByIdentity($type: String!, $value: String!) {
  profilesByIdentity(type: $type, value: $value) {
    ...ProfileDetail
  }
}
    fragment ProfileDetail on Profile {
  id
  createdAt
  updatedAt
  sources
  identities {
    type
    value
    source
  }
  traits {
    key
    value
    source
    sourceRecordId
    observedAt
    rule
    candidates {
      value
      source
      sourceRecordId
      observedAt
    }
  }
  portraitTags
  computedTraits {
    key
    value
    computedAt
    lineage {
      eventTypes
      eventCount
      lastEventId
      lastEventAt
    }
  }
}`) as unknown as TypedDocumentString<ProfilesByIdentityQuery, ProfilesByIdentityQueryVariables>;
export const ReplayWebhookDeliveriesDocument = new TypedDocumentString(`
    mutation ReplayWebhookDeliveries($subscriptionId: ID!, $from: DateTimeISO!, $to: DateTimeISO!) {
  replayWebhookDeliveries(subscriptionId: $subscriptionId, from: $from, to: $to)
}
    `) as unknown as TypedDocumentString<ReplayWebhookDeliveriesMutation, ReplayWebhookDeliveriesMutationVariables>;
export const ReplayWebhookDeliveryDocument = new TypedDocumentString(`
    mutation ReplayWebhookDelivery($subscriptionId: ID!, $id: ID!) {
  replayWebhookDelivery(subscriptionId: $subscriptionId, id: $id) {
    id
    status
    attempts
  }
}
    `) as unknown as TypedDocumentString<ReplayWebhookDeliveryMutation, ReplayWebhookDeliveryMutationVariables>;
export const ResolveMatchReviewDocument = new TypedDocumentString(`
    mutation ResolveMatchReview($id: ID!, $accept: Boolean!) {
  resolveMatchReview(id: $id, accept: $accept) {
    review {
      ...MatchReviewDetail
    }
    decision {
      ...MergeDecisionDetail
    }
  }
}
    fragment MatchReviewDetail on MatchReview {
  id
  sourceRecordA
  sourceRecordB
  profileA
  profileB
  probability
  weight
  fields {
    field
    left
    right
    level
    weight
  }
  status
  decidedBy
  decidedAt
  mergeDecisionId
}
fragment MergeDecisionDetail on MergeDecision {
  id
  kind
  survivingProfileId
  mergedProfileId
  mergedSourceRecordIds
  rule
  probability
  evidence
  actor
  decidedAt
  reversedAt
}`) as unknown as TypedDocumentString<ResolveMatchReviewMutation, ResolveMatchReviewMutationVariables>;
export const ResumeConnectionDocument = new TypedDocumentString(`
    mutation ResumeConnection($id: ID!) {
  resumeConnection(id: $id) {
    id
    enabled
    status
  }
}
    `) as unknown as TypedDocumentString<ResumeConnectionMutation, ResumeConnectionMutationVariables>;
export const RotateWebhookSecretDocument = new TypedDocumentString(`
    mutation RotateWebhookSecret($id: ID!, $overlapHours: Float) {
  rotateWebhookSecret(id: $id, overlapHours: $overlapHours) {
    secret
    subscription {
      ...WebhookSubscriptionSummary
    }
  }
}
    fragment WebhookSubscriptionSummary on WebhookSubscription {
  id
  url
  events
  segmentId
  description
  status
  disabledReason
  previousSecretExpiresAt
  failingSince
  createdAt
}`) as unknown as TypedDocumentString<RotateWebhookSecretMutation, RotateWebhookSecretMutationVariables>;
export const SegmentsDocument = new TypedDocumentString(`
    query Segments {
  segments {
    id
    name
    description
    definition
    timeRelative
    count
    evaluatedAt
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<SegmentsQuery, SegmentsQueryVariables>;
export const SplitProfileDocument = new TypedDocumentString(`
    mutation SplitProfile($profileId: ID!, $sourceRecordIds: [ID!]!) {
  splitProfile(profileId: $profileId, sourceRecordIds: $sourceRecordIds) {
    profileIds
    decision {
      ...MergeDecisionDetail
    }
  }
}
    fragment MergeDecisionDetail on MergeDecision {
  id
  kind
  survivingProfileId
  mergedProfileId
  mergedSourceRecordIds
  rule
  probability
  evidence
  actor
  decidedAt
  reversedAt
}`) as unknown as TypedDocumentString<SplitProfileMutation, SplitProfileMutationVariables>;
export const SyncRunsDocument = new TypedDocumentString(`
    query SyncRuns($connectionId: ID!, $first: Int = 20, $after: String, $rejectionsFirst: Int = 5) {
  syncRuns(connectionId: $connectionId, first: $first, after: $after) {
    edges {
      cursor
      node {
        ...SyncRunSummary
        rejections(first: $rejectionsFirst) {
          edges {
            node {
              id
              stream
              reason
              raw
              createdAt
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment SyncRunSummary on SyncRun {
  id
  connectionId
  status
  fullRefresh
  trigger
  queuedAt
  startedAt
  finishedAt
  attempts
  lastError
  streams {
    stream
    read
    created
    updated
    unchanged
    rejected
  }
}`) as unknown as TypedDocumentString<SyncRunsQuery, SyncRunsQueryVariables>;
export const TestConnectionDocument = new TypedDocumentString(`
    mutation TestConnection($id: ID!) {
  testConnection(id: $id) {
    ok
    reason
    checks {
      name
      status
      detail
    }
  }
}
    `) as unknown as TypedDocumentString<TestConnectionMutation, TestConnectionMutationVariables>;
export const TriggerSyncDocument = new TypedDocumentString(`
    mutation TriggerSync($connectionId: ID!, $full: Boolean = false) {
  triggerSync(connectionId: $connectionId, full: $full) {
    ...SyncRunSummary
  }
}
    fragment SyncRunSummary on SyncRun {
  id
  connectionId
  status
  fullRefresh
  trigger
  queuedAt
  startedAt
  finishedAt
  attempts
  lastError
  streams {
    stream
    read
    created
    updated
    unchanged
    rejected
  }
}`) as unknown as TypedDocumentString<TriggerSyncMutation, TriggerSyncMutationVariables>;
export const UpdateConnectionDocument = new TypedDocumentString(`
    mutation UpdateConnection($id: ID!, $input: UpdateConnectionInput!) {
  updateConnection(id: $id, input: $input) {
    ...ConnectionSummary
  }
}
    fragment ConnectionSummary on Connection {
  id
  name
  connector
  status
  statusReason
  enabled
  schedule
  region
  config
  createdAt
  updatedAt
  lastRun {
    ...SyncRunSummary
  }
}
fragment SyncRunSummary on SyncRun {
  id
  connectionId
  status
  fullRefresh
  trigger
  queuedAt
  startedAt
  finishedAt
  attempts
  lastError
  streams {
    stream
    read
    created
    updated
    unchanged
    rejected
  }
}`) as unknown as TypedDocumentString<UpdateConnectionMutation, UpdateConnectionMutationVariables>;
export const UpdateWebhookSubscriptionDocument = new TypedDocumentString(`
    mutation UpdateWebhookSubscription($id: ID!, $input: UpdateWebhookSubscriptionInput!) {
  updateWebhookSubscription(id: $id, input: $input) {
    ...WebhookSubscriptionSummary
  }
}
    fragment WebhookSubscriptionSummary on WebhookSubscription {
  id
  url
  events
  segmentId
  description
  status
  disabledReason
  previousSecretExpiresAt
  failingSince
  createdAt
}`) as unknown as TypedDocumentString<UpdateWebhookSubscriptionMutation, UpdateWebhookSubscriptionMutationVariables>;
export const WebhookDeliveriesDocument = new TypedDocumentString(`
    query WebhookDeliveries($subscriptionId: ID!, $status: String, $first: Int, $after: String) {
  webhookDeliveries(
    subscriptionId: $subscriptionId
    status: $status
    first: $first
    after: $after
  ) {
    edges {
      cursor
      node {
        id
        eventType
        profileId
        sequence
        status
        attempts
        responseCode
        latencyMs
        lastError
        nextAttemptAt
        createdAt
        deliveredAt
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
export const WebhookSubscriptionsDocument = new TypedDocumentString(`
    query WebhookSubscriptions {
  webhookSubscriptions {
    ...WebhookSubscriptionSummary
  }
}
    fragment WebhookSubscriptionSummary on WebhookSubscription {
  id
  url
  events
  segmentId
  description
  status
  disabledReason
  previousSecretExpiresAt
  failingSince
  createdAt
}`) as unknown as TypedDocumentString<WebhookSubscriptionsQuery, WebhookSubscriptionsQueryVariables>;