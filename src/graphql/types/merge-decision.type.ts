import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('MergeDecision', { description: 'Why two profiles became one.' })
export class MergeDecisionType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  survivingProfileId!: string;

  @Field(() => ID)
  mergedProfileId!: string;

  @Field(() => [ID], { description: 'The source records the merged profile held when it was absorbed.' })
  mergedSourceRecordIds!: string[];

  @Field({ description: 'The rule that linked them, e.g. exact_identifier.' })
  rule!: string;

  @Field(() => GraphQLJSONObject, { description: 'The identifiers and records that linked them.' })
  evidence!: Record<string, unknown>;

  @Field({ description: '`system:<component>` for automatic merges, an API key id for manual ones.' })
  actor!: string;

  @Field()
  decidedAt!: Date;

  @Field(() => Date, { nullable: true })
  reversedAt!: Date | null;
}
