import { Field, ObjectType } from 'type-graphql';
import { RelayConnection } from './relay-connection';
import { ProfileType } from './profile.type';
import type { ProfileFilter } from '../../modules/profiles';

@ObjectType('ProfileConnection')
export class ProfileConnection extends RelayConnection(ProfileType, 'Profile') {
  /** Kept for the lazily counted totalCount field; not part of the schema. */
  filter!: ProfileFilter;
}
