import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { PageInfo } from './page-info.type';

@ObjectType('Event', { description: 'Something the customer did: an order, an interaction, a lead, a service ticket, a membership change.' })
export class EventType {
  @Field(() => ID)
  id!: string;

  @Field()
  type!: string;

  @Field()
  occurredAt!: Date;

  @Field(() => Float, { nullable: true })
  amount?: number;

  @Field()
  source!: string;

  @Field(() => ID)
  sourceRecordId!: string;

  @Field(() => GraphQLJSONObject)
  properties!: Record<string, unknown>;
}

@ObjectType('EventEdge')
export class EventEdge {
  @Field()
  cursor!: string;

  @Field(() => EventType)
  node!: EventType;
}

@ObjectType('EventConnection', { description: 'Events, newest first.' })
export class EventConnection {
  @Field(() => [EventEdge])
  edges!: EventEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
