import { Field, ID, Int, ObjectType } from 'type-graphql';
import { RelayConnection } from './relay-connection';

@ObjectType('WebhookSubscription', { description: 'Where profile-change webhooks go, and which ones. Its secret is shown only by createWebhookSubscription and rotateWebhookSecret.' })
export class WebhookSubscriptionType {
  @Field(() => ID)
  id!: string;

  @Field()
  url!: string;

  @Field(() => [String], { description: 'profile.created, profile.updated, profile.merged, profile.split, profile.deleted, segment.entered, segment.exited, sync.failed.' })
  events!: string[];

  @Field(() => ID, { nullable: true, description: "Only this segment's members (and its own entries and exits) when set." })
  segmentId!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field({ description: 'active or disabled; a disabled subscription keeps its events and sends them once enabled again.' })
  status!: string;

  @Field(() => String, { nullable: true, description: 'Why it was disabled: 410 Gone, a whole retry window of failures, or an administrator.' })
  disabledReason!: string | null;

  @Field(() => Date, { nullable: true, description: 'Until when the secret replaced by the last rotation also signs.' })
  previousSecretExpiresAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Since when every attempt has failed; null after a success.' })
  failingSince!: Date | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType('WebhookSubscriptionWithSecret', { description: 'A subscription and its signing secret (whsec_…): store the secret now, it is not shown again.' })
export class WebhookSubscriptionWithSecretType {
  @Field(() => WebhookSubscriptionType)
  subscription!: WebhookSubscriptionType;

  @Field({ description: 'The Standard Webhooks signing secret; verify webhook-signature with it.' })
  secret!: string;
}

@ObjectType('WebhookDelivery', { description: 'One event for one subscription: what became of sending it.' })
export class WebhookDeliveryType {
  @Field(() => ID, { description: 'The webhook-id header: the same on every attempt and replay, for receivers to drop duplicates.' })
  id!: string;

  @Field(() => ID)
  subscriptionId!: string;

  @Field()
  eventType!: string;

  @Field(() => ID, { nullable: true })
  profileId!: string | null;

  @Field(() => Int, { description: "The event's sequence number among its profile's (or connection's) events." })
  sequence!: number;

  @Field({ description: 'pending (waiting for its first attempt or a retry), delivering, delivered, or dead (retries exhausted; replay it).' })
  status!: string;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Int, { nullable: true, description: "The last attempt's HTTP status; null when there was no answer." })
  responseCode!: number | null;

  @Field(() => Int, { nullable: true, description: 'How long the last attempt took, in milliseconds.' })
  latencyMs!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' })
  lastError!: string | null;

  @Field(() => Date, { nullable: true, description: 'When a pending delivery is next attempted; null when it waits for an earlier delivery of the same profile to finish, and for finished deliveries.' })
  nextAttemptAt!: Date | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;
}

@ObjectType('WebhookDeliveryConnection', { description: 'Deliveries, newest first.' })
export class WebhookDeliveryConnection extends RelayConnection(WebhookDeliveryType, 'WebhookDelivery') {}
