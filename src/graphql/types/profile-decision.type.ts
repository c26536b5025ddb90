import { Field, ID, Int, ObjectType } from 'type-graphql';
import { MergeDecisionType } from './merge-decision.type';

@ObjectType('ProfileDecision', { description: 'A merge or split a person made, and the profiles it left.' })
export class ProfileDecisionType {
  @Field(() => MergeDecisionType)
  decision!: MergeDecisionType;

  @Field(() => [ID], { description: 'A merge: the surviving profile. A split: the profile that kept the other records, then the new one.' })
  profileIds!: string[];
}

@ObjectType('PreviewMergeExample')
export class PreviewMergeExampleType {
  @Field(() => [ID], { description: 'The current profiles that would become one.' })
  profileIds!: string[];

  @Field(() => [ID], { description: 'Its source records (at most 10).' })
  sourceRecordIds!: string[];
}

@ObjectType('PreviewSplitExample')
export class PreviewSplitExampleType {
  @Field(() => ID)
  profileId!: string;

  @Field(() => [[ID]], { description: 'The source records of each profile it would split into (at most 10 each).' })
  parts!: string[][];
}

@ObjectType('RuleChangeCounts')
export class RuleChangeCountsType {
  @Field(() => Int)
  merges!: number;

  @Field(() => Int)
  splits!: number;
}

@ObjectType('IdentityRulesPreview', { description: 'What re-resolving the store under other identity rules would change. Nothing was changed.' })
export class IdentityRulesPreviewType {
  @Field(() => Int, { description: 'Source records re-resolved: every profile the rules can reach.' })
  records!: number;

  @Field(() => Int)
  profilesBefore!: number;

  @Field(() => Int)
  profilesAfter!: number;

  @Field(() => Int, { description: 'New profiles that would join two or more current profiles.' })
  merges!: number;

  @Field(() => Int, { description: 'Current profiles those merges would absorb or keep.' })
  profilesMerged!: number;

  @Field(() => Int, { description: 'Current profiles that would come apart.' })
  splits!: number;

  @Field(() => Int, { description: 'Pairs that would be queued for review.' })
  reviews!: number;

  @Field(() => [PreviewMergeExampleType])
  mergeExamples!: PreviewMergeExampleType[];

  @Field(() => [PreviewSplitExampleType])
  splitExamples!: PreviewSplitExampleType[];

  @Field(() => RuleChangeCountsType, { description: 'What the current rules would change on the same records: drift, not the new rules’ doing.' })
  unchangedRules!: RuleChangeCountsType;
}
