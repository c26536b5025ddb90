import { Field, ObjectType } from 'type-graphql';

@ObjectType('PageInfo', { description: 'Relay page info. Paging is forward only (first/after).' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field({ description: 'True when this page was asked for with `after`.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}
