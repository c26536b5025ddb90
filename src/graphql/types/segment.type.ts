import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Segment', { description: 'A saved segment: its definition and its members, kept current as profiles change.' })
export class SegmentType {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => GraphQLJSON, { description: 'The definition as it was saved (the SegmentConditionInput tree).' })
  definition!: unknown;

  @Field({ description: 'Whether a condition counts days back from now: such a segment is also re-evaluated every 15 minutes.' })
  timeRelative!: boolean;

  @Field({ description: 'When the members were last computed from scratch; profile changes update them in between.' })
  evaluatedAt!: Date;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}
