import { IsOptional } from 'class-validator';
import { ArgsType, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { MatchReviewRow } from '../../modules/identity';
import { fieldEvidence, ScoredRecordPairType } from './match-explanation.type';
import { MergeDecisionType } from './merge-decision.type';
import { PageArgs } from './page.args';
import { RelayConnection } from './relay-connection';

export enum MatchReviewStatus {
  open = 'open',
  accepted = 'accepted',
  rejected = 'rejected',
}
registerEnumType(MatchReviewStatus, { name: 'MatchReviewStatus' });

@ObjectType('MatchReview', { description: 'Two source records that may be one person: scored between the review and link thresholds.' })
export class MatchReviewType extends ScoredRecordPairType {
  @Field(() => ID)
  id!: string;

  @Field(() => MatchReviewStatus)
  status!: MatchReviewStatus;

  @Field()
  createdAt!: Date;

  @Field(() => String, { nullable: true, description: 'The API key name that decided it.' })
  decidedBy!: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'The merge an accepted review made (none when the records were one profile already).' })
  mergeDecisionId!: string | null;
}

@ObjectType('MatchReviewConnection')
export class MatchReviewConnection extends RelayConnection(MatchReviewType, 'MatchReview') {
  @Field(() => Int, { description: 'Reviews with this status, across all pages.' })
  totalCount!: number;
}

@ArgsType()
export class MatchReviewsArgs extends PageArgs {
  @Field(() => MatchReviewStatus, { nullable: true, description: 'Only reviews in this state; all when omitted.' })
  @IsOptional()
  status?: MatchReviewStatus | null;
}

@ObjectType('MatchReviewResolution')
export class MatchReviewResolutionType {
  @Field(() => MatchReviewType)
  review!: MatchReviewType;

  @Field(() => MergeDecisionType, { nullable: true, description: 'The merge an acceptance made.' })
  decision!: MergeDecisionType | null;
}

export function matchReviewFrom(row: MatchReviewRow): MatchReviewType {
  return {
    id: row.id,
    sourceRecordA: row.leftRecordId,
    sourceRecordB: row.rightRecordId,
    profileA: row.leftProfileId,
    profileB: row.rightProfileId,
    probability: row.probability,
    weight: row.evidence.weight,
    fields: fieldEvidence(row.evidence.fields),
    status: row.status as MatchReviewStatus,
    createdAt: row.createdAt,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
    mergeDecisionId: row.mergeDecisionId,
  };
}
