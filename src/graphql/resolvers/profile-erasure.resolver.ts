import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { HubError } from '../../errors/hub-error';
import { Audited } from '../audited';
import type { GraphQLContext } from '../context';
import { ErasureReceiptType, receiptFrom, SuppressionType } from '../types/erasure.type';

const ERASE_DESCRIPTION =
  'Erases a person: the profile, every profile ever merged into it, their source records and all derived from them, merge history, segment memberships and their history, webhook events and deliveries that carried their data, sync rejections quoting their identifiers, reviews and links. profile.deleted goes to webhook subscribers. Their identifiers are suppressed (hashed): later syncs, pushes and imports of the same person are not stored until an admin lifts the suppression. Needs profiles:erase.';

@Resolver()
export class ProfileErasureResolver {
  @Authorized('profiles:erase')
  @Audited<ErasureReceiptType>(({ result }) => ({ action: 'profile.erase', targetIds: [result.profileId, result.id, ...(result.suppressionId ? [result.suppressionId] : [])] }))
  @Mutation(() => ErasureReceiptType, { description: `${ERASE_DESCRIPTION} Answers the erasure's receipt (no personal data).` })
  async eraseProfile(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<ErasureReceiptType> {
    return receiptFrom(await services.profileErasure.deleteProfile(id));
  }

  @Authorized('profiles:erase')
  @Audited<boolean>(({ args }) => ({ action: 'profile.erase', targetIds: [String(args.id)] }))
  @Mutation(() => Boolean, { description: `${ERASE_DESCRIPTION} Answers true; eraseProfile answers the receipt.` })
  async deleteProfile(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<boolean> {
    await services.profileErasure.deleteProfile(id);
    return true;
  }

  @Authorized('profiles:erase')
  @Query(() => [ErasureReceiptType], { description: 'Receipts of erasures, newest first.' })
  async erasureReceipts(
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => ID, { nullable: true, description: 'The last receipt id of the previous page.' }) after: string | null,
    @Ctx() { services }: GraphQLContext,
  ): Promise<ErasureReceiptType[]> {
    if (!Number.isInteger(first) || first < 1 || first > 500) throw new HubError('BAD_USER_INPUT', 'first must be a whole number from 1 to 500.');
    return (await services.erasureReceipts.list(first, after ?? undefined)).map(receiptFrom);
  }

  @Authorized('profiles:read')
  @Query(() => GraphQLJSONObject, {
    description:
      "Everything the hub holds about a person, as one JSON document (the right of access): profile, identities, traits with lineage, source records, events, computed traits, segment memberships and history, merge history, consents with their lineage, and the webhook events about it. A merged-away id answers its survivor's.",
  })
  async exportProfile(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<Record<string, unknown>> {
    return JSON.parse(JSON.stringify(await services.dataSubjectExport.export(id))) as Record<string, unknown>;
  }

  @Authorized('profiles:erase')
  @Query(() => [SuppressionType], { description: 'Erased people whose records ingestion refuses, newest first. No identifier is shown: find a person by the erasure receipt id they were given.' })
  async suppressions(
    @Arg('includeLifted', { defaultValue: false, description: 'Also those already lifted.' }) includeLifted: boolean,
    @Ctx() { services }: GraphQLContext,
  ): Promise<SuppressionType[]> {
    return services.suppressions.list({ includeLifted });
  }

  @Authorized('admin')
  @Audited<SuppressionType>(({ result }) => ({ action: 'suppression.lift', targetIds: [result.id] }))
  @Mutation(() => SuppressionType, { description: "Lifts a suppression: the person's records are stored again by later syncs, pushes and imports. Needs admin." })
  async liftSuppression(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<SuppressionType> {
    return services.suppressions.lift(id);
  }
}
