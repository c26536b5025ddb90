import { Field, Int, ObjectType } from 'type-graphql';

/**
 * What happened to a batch of records: the counts ingestion reports, for a push or for one stream of a
 * sync. No field returns it, so the schema holds only the object types that extend it, with its fields.
 */
@ObjectType()
export abstract class RecordCounts {
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

  @Field(() => Int, { description: 'Records not stored because they carry an identifier of an erased person (see `suppressions`).' })
  suppressed!: number;
}
