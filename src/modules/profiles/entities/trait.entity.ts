import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** A profile attribute with its lineage: which source record supplied it and which rule chose it. */
@Entity({ tableName: 'traits' })
// Covering (profile_id included) so segment trait leaves are index-only scans.
@Index({
  name: 'traits_key_value_text_idx',
  expression: 'create index traits_key_value_text_idx on traits (key, value_text) include (profile_id)',
})
export class Trait {
  // A profile has one value per key: (profile, key) is the identity of a trait, and one index fewer
  // to maintain on the hottest insert of a bulk import.
  @PrimaryKey({ type: 'text' })
  profileId!: string;

  @PrimaryKey({ type: 'text' })
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

  /** The values the other records offered for this key (value, source, source record, observedAt). */
  @Property({ type: 'jsonb' })
  candidates: unknown[] = [];
}
