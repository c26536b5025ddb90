import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '../../../platform/ids';

/** One customer record as a source system holds it, kept verbatim for lineage and re-resolution. */
@Entity({ tableName: 'source_records' })
@Unique({ name: 'source_records_source_external_id_key', properties: ['source', 'externalId'] })
@Index({ name: 'source_records_profile_id_idx', properties: ['profileId'] })
export class SourceRecord {
  @PrimaryKey({ type: 'text' })
  id: string = newId('sourceRecord');

  @Property({ type: 'text' })
  source!: string;

  @Property({ type: 'text' })
  externalId!: string;

  @Property({ type: 'text' })
  profileId!: string;

  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** Hash of the canonical payload: an unchanged record is recognised without comparing JSON. */
  @Property({ type: 'text' })
  contentHash!: string;

  @Property({ type: 'timestamptz' })
  firstSeenAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  lastSeenAt: Date = new Date();

  /** When the content last changed (or the source's own updated_at when it sent one). */
  @Property({ type: 'timestamptz' })
  observedAt: Date = new Date();
}
