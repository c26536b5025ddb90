import { Arg, Args, Authorized, Ctx, Float, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { DEFAULT_OVERLAP_HOURS, type DeliveryRow } from '../../modules/webhooks';
import { fieldNames } from '../../modules/audit';
import { Audited } from '../audited';
import type { GraphQLContext } from '../context';
import { decodeCursor, encodeCursor, forwardPageInfo, isIdCursor } from '../cursor';
import { CreateWebhookSubscriptionInput, UpdateWebhookSubscriptionInput, WebhookDeliveriesArgs } from '../types/webhook.input';
import { WebhookDeliveryConnection, WebhookDeliveryType, WebhookSubscriptionType, WebhookSubscriptionWithSecretType } from '../types/webhook.type';


function deliveryFrom(row: DeliveryRow): WebhookDeliveryType {
  const { eventId, ...rest } = row;
  return { id: eventId, ...rest };
}

@Resolver(() => WebhookSubscriptionType)
export class WebhookResolver {
  @Authorized('webhooks:admin')
  @Query(() => [WebhookSubscriptionType], { description: 'Webhook subscriptions, oldest first.' })
  webhookSubscriptions(@Ctx() { services }: GraphQLContext): Promise<WebhookSubscriptionType[]> {
    return services.webhooks.subscriptions.list();
  }

  @Authorized('webhooks:admin')
  @Query(() => WebhookSubscriptionType, { nullable: true })
  async webhookSubscription(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<WebhookSubscriptionType | null> {
    return (await services.webhooks.subscriptions.get(id)) ?? null;
  }

  @Audited<WebhookSubscriptionWithSecretType>(({ args, result }) => ({ action: 'webhook.create', targetIds: [result.subscription.id], fields: fieldNames(args.input as object, '', 1) }))
  @Authorized('webhooks:admin')
  @Mutation(() => WebhookSubscriptionWithSecretType, { description: 'Subscribes a URL to events; answers its signing secret, this once.' })
  createWebhookSubscription(@Arg('input', () => CreateWebhookSubscriptionInput) input: CreateWebhookSubscriptionInput, @Ctx() { services }: GraphQLContext): Promise<WebhookSubscriptionWithSecretType> {
    return services.webhooks.subscriptions.create(input);
  }

  @Audited<WebhookSubscriptionType>(({ args, result }) => ({ action: 'webhook.update', targetIds: [result.id], fields: fieldNames(args.input as object, '', 1) }))
  @Authorized('webhooks:admin')
  @Mutation(() => WebhookSubscriptionType)
  updateWebhookSubscription(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateWebhookSubscriptionInput) input: UpdateWebhookSubscriptionInput,
    @Ctx() { services }: GraphQLContext,
  ): Promise<WebhookSubscriptionType> {
    return services.webhooks.subscriptions.update(id, input);
  }

  @Audited<boolean>(({ args, result }) => (result ? { action: 'webhook.delete', targetIds: [args.id as string] } : null))
  @Authorized('webhooks:admin')
  @Mutation(() => Boolean, { description: 'Deletes a subscription and its deliveries; false when there was no such subscription.' })
  deleteWebhookSubscription(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<boolean> {
    return services.webhooks.subscriptions.remove(id);
  }

  @Audited<WebhookSubscriptionWithSecretType>(({ result }) => ({ action: 'webhook.rotate_secret', targetIds: [result.subscription.id], fields: ['secret'] }))
  @Authorized('webhooks:admin')
  @Mutation(() => WebhookSubscriptionWithSecretType, { description: 'A new signing secret, answered this once; the old one also signs for overlapHours while receivers switch.' })
  rotateWebhookSecret(
    @Arg('id', () => ID) id: string,
    @Arg('overlapHours', () => Float, { nullable: true, defaultValue: DEFAULT_OVERLAP_HOURS }) overlapHours: number | null,
    @Ctx() { services }: GraphQLContext,
  ): Promise<WebhookSubscriptionWithSecretType> {
    return services.webhooks.subscriptions.rotateSecret(id, overlapHours ?? DEFAULT_OVERLAP_HOURS);
  }

  @Authorized('webhooks:admin')
  @Query(() => WebhookDeliveryConnection, { description: "A subscription's deliveries, newest first; a Relay connection." })
  async webhookDeliveries(@Args() { subscriptionId, status, first, after }: WebhookDeliveriesArgs, @Ctx() { services }: GraphQLContext): Promise<WebhookDeliveryConnection> {
    await services.webhooks.subscriptions.require(subscriptionId);
    const afterEventId = after === undefined || after === null ? undefined : decodeCursor(after, isIdCursor).id;
    const page = await services.webhooks.deliveries.page(subscriptionId, { status, first: first ?? 50, afterEventId });
    const edges = page.rows.map((row) => ({ node: deliveryFrom(row), cursor: encodeCursor({ id: row.eventId }) }));
    return { edges, pageInfo: forwardPageInfo(edges, page.hasNextPage, after) };
  }

  @Audited<number>(({ args }) => ({ action: 'webhook.replay', targetIds: [args.subscriptionId as string], fields: ['from', 'to'] }))
  @Authorized('webhooks:admin')
  @Mutation(() => Int, { description: 'Sends again every delivery created in [from, to), delivered or dead-lettered, with its webhook-id and body; answers how many.' })
  async replayWebhookDeliveries(
    @Arg('subscriptionId', () => ID) subscriptionId: string,
    @Arg('from') from: Date,
    @Arg('to') to: Date,
    @Ctx() { services }: GraphQLContext,
  ): Promise<number> {
    await services.webhooks.subscriptions.require(subscriptionId);
    return services.webhooks.deliveries.replay(subscriptionId, from, to);
  }

  @Audited<WebhookDeliveryType>(({ result }) => ({ action: 'webhook.replay', targetIds: [result.subscriptionId, result.id] }))
  @Authorized('webhooks:admin')
  @Mutation(() => WebhookDeliveryType, { description: 'Sends one delivery again (id: its webhook-id).' })
  async replayWebhookDelivery(@Arg('subscriptionId', () => ID) subscriptionId: string, @Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<WebhookDeliveryType> {
    return deliveryFrom(await services.webhooks.deliveries.replayOne(subscriptionId, id));
  }
}
