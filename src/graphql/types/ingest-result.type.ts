import { Field, ID, Int, ObjectType } from 'type-graphql';
import { RecordCounts } from './record-counts.type';

@ObjectType('RecordRejection')
export class RecordRejectionType {
  @Field(() => Int, { description: 'Position of the record in the `records` list.' })
  index!: number;

  @Field()
  reason!: string;
}

@ObjectType('IngestResult')
export class IngestResultType extends RecordCounts {
  @Field(() => Int, { description: 'Profiles merged because a record linked them.' })
  merges!: number;

  @Field(() => [RecordRejectionType])
  rejections!: RecordRejectionType[];

  @Field(() => [ID], { description: 'Profiles this batch created or changed.' })
  profileIds!: string[];
}
