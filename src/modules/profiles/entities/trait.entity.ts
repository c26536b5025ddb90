import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '../../../platform/ids';

/** A profile attribute with its lineage: which source record supplied it and which rule chose it. */
@Entity({ tableName: 'traits' })
@Unique({ name: 'traits_profile_id_key_key', properties: ['profileId', 'key'] })
@Index({ name: 'traits_key_value_text_idx', properties: ['key', 'valueText'] })
export class Trait {
  @PrimaryKey({ type: 'text' })
  id: string = newId('trait');

  @Property({ type: 'text' })
  profileId!: string;

  @Property({ type: 'text' })
  key!: string;

  @Property({ type: 'jsonb' })
  value!: unknown;

  /** The value as text, for equality filters and their index. */
  @Property({ type: 'text', nullable: true })
  valueText?: string;

  @Property({ type: 'text' })
  source!: string;

  @Property({ type: 'text' })
  sourceRecordId!: string;

  @Property({ type: 'timestamptz' })
  observedAt!: Date;

  /** The survivorship rule that picked this value over the other candidates. */
  @Property({ type: 'text' })
  rule!: string;
}
