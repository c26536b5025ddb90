import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../../../platform/ids';

/** An identifier (e-mail, phone, WeChat unionid, namespaced external id) that points at one profile. */
@Entity({ tableName: 'identities' })
@Index({ name: 'identities_profile_id_idx', properties: ['profileId'] })
export class Identity {
  @PrimaryKey({ type: 'text' })
  id: string = newId('identity');

  @Property({ type: 'text' })
  profileId!: string;

  @Property({ type: 'text' })
  type!: string;

  /** Normalized: the form that is compared and indexed (unique per type where the type is unique). */
  @Property({ type: 'text' })
  value!: string;

  @Property({ type: 'text' })
  rawValue!: string;

  /** The source that first supplied it, and its record. */
  @Property({ type: 'text' })
  source!: string;

  @Property({ type: 'text' })
  sourceRecordId!: string;

  @Property({ type: 'boolean' })
  isUnique: boolean = true;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
