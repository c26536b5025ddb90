import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { pageArgs } from './page.args';

@InputType({ description: 'A new webhook subscription.' })
export class CreateWebhookSubscriptionInput {
  @Field({ description: 'An https URL on a public address (http and private addresses only with HUB_WEBHOOK_ALLOW_PRIVATE=true).' })
  url!: string;

  @Field(() => [String], { description: 'Event names: profile.created, profile.updated, profile.merged, profile.split, profile.deleted, segment.entered, segment.exited, sync.failed.' })
  events!: string[];

  @Field(() => ID, { nullable: true, description: "Only this segment's members, and its own entries and exits." })
  segmentId?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType({ description: 'Changes to a subscription; omitted fields stay as they are.' })
export class UpdateWebhookSubscriptionInput {
  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => [String], { nullable: true })
  events?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'null removes the segment limit.' })
  segmentId?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true enables a disabled subscription (its waiting deliveries go out at once); false disables it.' })
  enabled?: boolean | null;
}

@ArgsType()
export class WebhookDeliveriesArgs extends pageArgs(50) {
  @Field(() => ID)
  subscriptionId!: string;

  @Field(() => String, { nullable: true, description: 'pending, delivering, delivered or dead; all when omitted.' })
  status?: string | null;
}
