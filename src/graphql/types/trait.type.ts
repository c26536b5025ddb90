import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('TraitCandidate', { description: 'A value another record of the profile offered for the trait, which the rule did not choose.' })
export class TraitCandidateType {
  @Field(() => GraphQLJSON, { nullable: true })
  value!: unknown;

  @Field()
  source!: string;

  @Field(() => ID)
  sourceRecordId!: string;

  @Field()
  observedAt!: Date;
}

@ObjectType('Trait', { description: 'A profile attribute and where it came from.' })
export class TraitType {
  @Field()
  key!: string;

  @Field(() => GraphQLJSON, { nullable: true })
  value!: unknown;

  @Field({ description: 'The source whose record supplied the value.' })
  source!: string;

  @Field(() => ID)
  sourceRecordId!: string;

  @Field({ description: 'When that record was observed with this value.' })
  observedAt!: Date;

  @Field({ description: 'The survivorship rule that chose this value: most_recent, most_frequent, longest or source_priority.' })
  rule!: string;

  @Field(() => [TraitCandidateType], { description: "The other records' values for this key, newest first (at most 20)." })
  candidates!: TraitCandidateType[];
}
