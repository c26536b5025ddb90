import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { RelayConnection } from './relay-connection';
import { PersonalData } from '../personal-data';

@ObjectType('SyncRejection', { description: 'A row a sync read but did not store, and why.' })
export class SyncRejectionType {
  @Field(() => ID)
  id!: string;

  @Field()
  stream!: string;

  @Field()
  reason!: string;

  @PersonalData()
  @Field(() => GraphQLJSON, { nullable: true, description: 'The row as the platform sent it.' })
  raw!: unknown;

  @Field()
  createdAt!: Date;
}

@ObjectType('SyncRejectionConnection', { description: 'Rejected rows, in the order the run met them.' })
export class SyncRejectionConnection extends RelayConnection(SyncRejectionType, 'SyncRejection') {}
