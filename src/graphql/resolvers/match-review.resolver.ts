import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Audited } from '../audited';
import type { GraphQLContext } from '../context';
import { decodeCursor, encodeCursor, forwardPageInfo, isIdCursor } from '../cursor';
import { DEFAULT_PAGE_SIZE } from '../types/page.args';
import { matchReviewFrom, MatchReviewConnection, MatchReviewResolutionType, MatchReviewsArgs } from '../types/match-review.type';

/** The review queue: pairs ingestion scored between the thresholds, for a person to accept or reject. */
@Resolver()
export class MatchReviewResolver {
  @Authorized('profiles:read')
  @Query(() => MatchReviewConnection, { description: 'Match reviews, oldest first; a Relay connection.' })
  async matchReviews(@Args() { first, after, status }: MatchReviewsArgs, @Ctx() { services }: GraphQLContext): Promise<MatchReviewConnection> {
    const afterId = after === undefined || after === null ? undefined : decodeCursor(after, isIdCursor).id;
    const page = await services.identity.reviews.list({ status: status ?? undefined, first: first ?? DEFAULT_PAGE_SIZE, after: afterId });
    const edges = page.rows.map((row) => ({ node: matchReviewFrom(row), cursor: encodeCursor({ id: row.id }) }));
    return { edges, pageInfo: forwardPageInfo(edges, page.hasNextPage, after), totalCount: await services.identity.reviews.count(status ?? undefined) };
  }

  @Audited<MatchReviewResolutionType>(({ args, result }) => ({ action: args.accept ? 'review.accept' : 'review.reject', targetIds: [result.review.id, ...(result.decision ? [result.decision.survivingProfileId, result.decision.mergedProfileId, result.decision.id] : [])] }))
  @Authorized('profiles:write')
  @Mutation(() => MatchReviewResolutionType, {
    description: 'accept: merges the two records’ profiles, keeping the review’s evidence. reject: records a cannot-link, so they are never linked.',
  })
  async resolveMatchReview(@Arg('id', () => ID) id: string, @Arg('accept') accept: boolean, @Ctx() { services, principal }: GraphQLContext): Promise<MatchReviewResolutionType> {
    const { review, decision } = await services.identity.decisions.resolveReview(id, accept, principal.name);
    return { review: matchReviewFrom(review), decision };
  }
}
