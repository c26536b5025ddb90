import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('SourceRecord', { description: 'A customer record as one source system holds it.' })
export class SourceRecordType {
  @Field(() => ID)
  id!: string;

  @Field()
  source!: string;

  @Field()
  externalId!: string;

  @Field(() => GraphQLJSONObject, { description: 'The canonical record as last received.' })
  payload!: Record<string, unknown>;

  @Field()
  firstSeenAt!: Date;

  @Field()
  lastSeenAt!: Date;
}
