import { ArrayMaxSize, ArrayMinSize } from 'class-validator';
import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Audited } from '../audited';
import type { GraphQLContext } from '../context';
import { fieldEvidence, MatchExplanationType } from '../types/match-explanation.type';
import { IdentityRulesPreviewType, ProfileDecisionType } from '../types/profile-decision.type';

const MAX_SPLIT_RECORDS = 1000;
// What one previewIdentityRules call may re-resolve in memory; `hub resolve --dry-run` allows more. Its cost weight
// (src/graphql/query-cost.ts) keeps a request to two of them.
const API_PREVIEW_RECORDS = 20_000;

@ArgsType()
class SplitProfileArgs {
  @Field(() => ID)
  profileId!: string;

  @Field(() => [ID], { description: `The source records to move to a new profile (at most ${MAX_SPLIT_RECORDS}).` })
  @ArrayMinSize(1, { message: 'sourceRecordIds must name at least one source record' })
  @ArrayMaxSize(MAX_SPLIT_RECORDS)
  sourceRecordIds!: string[];
}

/** Explaining, merging, splitting and previewing identity; the logic is in the identity services. */
@Resolver()
export class IdentityResolver {
  @Authorized('profiles:read')
  @Query(() => MatchExplanationType, { description: 'Per-field evidence, score and decision for two source records under the current match model.' })
  async explainMatch(
    @Arg('sourceRecordA', () => ID) sourceRecordA: string,
    @Arg('sourceRecordB', () => ID) sourceRecordB: string,
    @Ctx() { services }: GraphQLContext,
  ): Promise<MatchExplanationType> {
    const explanation = await services.identity.explanations.explain(sourceRecordA, sourceRecordB);
    return {
      sourceRecordA,
      sourceRecordB,
      profileA: explanation.leftProfileId,
      profileB: explanation.rightProfileId,
      fields: fieldEvidence(explanation.fields),
      weight: explanation.weight,
      probability: explanation.probability,
      decision: explanation.decision,
      sharedIdentifiers: explanation.sharedIdentifiers,
      conflict: explanation.conflict,
      constraint: explanation.constraint,
    };
  }

  @Authorized('profiles:read')
  @Query(() => IdentityRulesPreviewType, {
    description: `How many profiles would merge or split if the store were resolved under these rules (thresholds, identityRules, maxBlockSize, …), with examples. Changes nothing. At most ${API_PREVIEW_RECORDS.toLocaleString('en-US')} records; \`hub resolve --dry-run\` previews more.`,
  })
  // No class-validator pass: it crashed on the null-prototype objects an inline JSON literal parses to, and zod
  // checks the rules in the service with messages that name the setting.
  previewIdentityRules(@Arg('config', () => GraphQLJSON, { validate: false }) config: unknown, @Ctx() { services }: GraphQLContext): Promise<IdentityRulesPreviewType> {
    return services.identity.preview.preview(config, API_PREVIEW_RECORDS);
  }

  @Audited<ProfileDecisionType>(({ result }) => ({ action: 'profile.merge', targetIds: [result.decision.survivingProfileId, result.decision.mergedProfileId, result.decision.id] }))
  @Authorized('profiles:write')
  @Mutation(() => ProfileDecisionType, { description: 'Merges two profiles a person knows to be one customer (a must-link), recorded under the API key name.' })
  async mergeProfiles(@Arg('a', () => ID) a: string, @Arg('b', () => ID) b: string, @Ctx() { services, principal }: GraphQLContext): Promise<ProfileDecisionType> {
    const decision = await services.identity.decisions.mergeProfiles(a, b, principal.name);
    return { decision, profileIds: [decision.survivingProfileId] };
  }

  @Audited<ProfileDecisionType>(({ args, result }) => ({ action: 'profile.split', targetIds: [args.profileId as string, ...result.profileIds, ...(args.sourceRecordIds as string[]), result.decision.id] }))
  @Authorized('profiles:write')
  @Mutation(() => ProfileDecisionType, {
    description: 'Moves source records to a new profile and records cannot-links between them and the rest, so ingestion never joins them again.',
  })
  async splitProfile(@Args() { profileId, sourceRecordIds }: SplitProfileArgs, @Ctx() { services, principal }: GraphQLContext): Promise<ProfileDecisionType> {
    return services.identity.decisions.splitProfile(profileId, sourceRecordIds, principal.name);
  }
}
