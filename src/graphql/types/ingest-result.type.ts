import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('RecordRejection')
export class RecordRejectionType {
  @Field(() => Int, { description: 'Position of the record in the `records` list.' })
  index!: number;

  @Field()
  reason!: string;
}

@ObjectType('IngestResult')
export class IngestResultType {
  @Field(() => Int)
  read!: number;

  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => Int, { description: 'Profiles merged because a record linked them.' })
  merges!: number;

  @Field(() => [RecordRejectionType])
  rejections!: RecordRejectionType[];

  @Field(() => [ID], { description: 'Profiles this batch created or changed.' })
  profileIds!: string[];
}
