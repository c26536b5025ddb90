import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

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

  @Field({ description: 'The survivorship rule that chose this value, e.g. most_recent.' })
  rule!: string;
}
