import { Field, ID, ObjectType } from 'type-graphql';

/** A unified customer profile. Nested fields are resolved (batched) by ProfileResolver. */
@ObjectType('Profile', { description: 'One real customer, unified from the source records that belong to them.' })
export class ProfileType {
  @Field(() => ID)
  id!: string;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}
