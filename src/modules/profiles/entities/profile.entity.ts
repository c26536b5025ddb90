import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../../../platform/ids';

/** A unified customer: what the hub believes is one real person. */
@Entity({ tableName: 'profiles' })
export class Profile {
  @PrimaryKey({ type: 'text' })
  id: string = newId('profile');

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Index({ name: 'profiles_updated_at_idx' })
  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();

  /** Set when this profile was absorbed by a merge; lookups by the old id follow it. */
  @Property({ type: 'text', nullable: true })
  mergedIntoId?: string;
}
