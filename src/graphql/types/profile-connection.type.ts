import { Field, ObjectType } from 'type-graphql';
import { PageInfo } from './page-info.type';
import { ProfileType } from './profile.type';
import type { ProfileFilter } from '../../modules/profiles/profile-query.service';

@ObjectType('ProfileEdge')
export class ProfileEdge {
  @Field()
  cursor!: string;

  @Field(() => ProfileType)
  node!: ProfileType;
}

@ObjectType('ProfileConnection')
export class ProfileConnection {
  @Field(() => [ProfileEdge])
  edges!: ProfileEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** Kept for the lazily counted totalCount field; not part of the schema. */
  filter!: ProfileFilter;
}
