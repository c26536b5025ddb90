import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { HubError } from '../../errors/hub-error';
import type { GraphQLContext } from '../context';
import { ProfileType } from '../types/profile.type';
import { SegmentPreviewType } from '../types/segment-preview.type';
import { SegmentConditionInput } from '../types/segment.input';

const MAX_SAMPLE = 100;

@Resolver(() => SegmentPreviewType)
export class SegmentResolver {
  @Authorized('profiles:read')
  @Query(() => SegmentPreviewType, {
    description: 'Counts and samples the live profiles a definition matches, without saving it. Invalid definitions are refused with the path of the condition at fault.',
  })
  async previewSegment(@Arg('definition', () => SegmentConditionInput) definition: SegmentConditionInput, @Ctx() { services }: GraphQLContext): Promise<SegmentPreviewType> {
    return { prepared: await services.segmentPreview.prepare(definition) };
  }

  @FieldResolver(() => Int, { description: 'How many live profiles match.' })
  count(@Root() preview: SegmentPreviewType, @Ctx() { services }: GraphQLContext): Promise<number> {
    return services.segmentPreview.count(preview.prepared);
  }

  @FieldResolver(() => [ProfileType], { description: `The first matching profiles in creation order (at most ${MAX_SAMPLE}).` })
  sample(@Root() preview: SegmentPreviewType, @Arg('first', () => Int, { defaultValue: 10 }) first: number, @Ctx() { services }: GraphQLContext): Promise<ProfileType[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_SAMPLE) throw new HubError('BAD_USER_INPUT', `sample(first) must be from 1 to ${MAX_SAMPLE}.`);
    return services.segmentPreview.list(preview.prepared, first);
  }
}
