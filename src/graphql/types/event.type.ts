import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { RelayConnection } from './relay-connection';

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

@ObjectType('EventConnection', { description: 'Events, newest first.' })
export class EventConnection extends RelayConnection(EventType, 'Event') {}
