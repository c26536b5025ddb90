import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { fieldNames } from '../../modules/audit';
import { Audited } from '../audited';
import type { GraphQLContext } from '../context';
import { decodeCursor, encodeCursor, forwardPageInfo, isIdCursor } from '../cursor';
import { DEFAULT_PAGE_SIZE, PageArgs } from '../types/page.args';
import { ProfileConnection } from '../types/profile-connection.type';
import { ProfileType } from '../types/profile.type';
import { CreateSegmentInput, UpdateSegmentInput } from '../types/segment.input';
import { SegmentType } from '../types/segment.type';

@Resolver(() => SegmentType)
export class SavedSegmentResolver {
  @Authorized('profiles:read')
  @Query(() => [SegmentType], { description: 'Saved segments, oldest first.' })
  async segments(@Ctx() { services }: GraphQLContext): Promise<SegmentType[]> {
    return services.segments.list();
  }

  @Authorized('profiles:read')
  @Query(() => SegmentType, { nullable: true })
  async segment(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<SegmentType | null> {
    const row = await services.segments.get(id);
    return row ?? null;
  }

  @Audited<SegmentType>(({ args, result }) => ({ action: 'segment.create', targetIds: [result.id], fields: fieldNames(args.input as object, '', 1) }))
  @Authorized('segments:write')
  @Mutation(() => SegmentType, { description: 'Saves a segment and computes its members; from then on profile changes keep them current.' })
  async createSegment(@Arg('input', () => CreateSegmentInput) input: CreateSegmentInput, @Ctx() { services }: GraphQLContext): Promise<SegmentType> {
    return services.segments.create(input);
  }

  @Audited<SegmentType>(({ args, result }) => ({ action: 'segment.update', targetIds: [result.id], fields: fieldNames(args.input as object, '', 1) }))
  @Authorized('segments:write')
  @Mutation(() => SegmentType, { description: 'Renames, describes or redefines a segment; a new definition re-computes its members (entries and exits are recorded).' })
  async updateSegment(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateSegmentInput) input: UpdateSegmentInput, @Ctx() { services }: GraphQLContext): Promise<SegmentType> {
    return services.segments.update(id, input);
  }

  @Audited<boolean>(({ args, result }) => (result ? { action: 'segment.delete', targetIds: [args.id as string] } : null))
  @Authorized('segments:write')
  @Mutation(() => Boolean, { description: 'Deletes a segment and its memberships; false when there was no such segment.' })
  deleteSegment(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<boolean> {
    return services.segments.remove(id);
  }

  @FieldResolver(() => Int, { description: 'How many profiles are members now.' })
  count(@Root() segment: SegmentType, @Ctx() { loaders }: GraphQLContext): Promise<number> {
    return loaders.segmentMemberCount.load(segment.id);
  }

  @FieldResolver(() => ProfileConnection, { description: 'The members, in creation order; a Relay connection.' })
  async profiles(@Root() segment: SegmentType, @Args() { first, after }: PageArgs, @Ctx() { services }: GraphQLContext): Promise<ProfileConnection> {
    const afterId = after === undefined || after === null ? undefined : decodeCursor(after, isIdCursor).id;
    const filter = { segmentId: segment.id };
    const page = await services.profiles.list(filter, first ?? DEFAULT_PAGE_SIZE, afterId);
    const edges = page.rows.map((node) => ({ node, cursor: encodeCursor({ id: node.id }) }));
    return { edges, pageInfo: forwardPageInfo(edges, page.hasNextPage, after), filter };
  }
}

@Resolver(() => ProfileType)
export class ProfileSegmentsResolver {
  @FieldResolver(() => [SegmentType], { description: 'The saved segments this profile is a member of.' })
  async segments(@Root() profile: ProfileType, @Ctx() { loaders }: GraphQLContext): Promise<SegmentType[]> {
    return loaders.segmentsOfProfile.load(profile.id);
  }
}
