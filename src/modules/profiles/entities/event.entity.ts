import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '../../../platform/ids';

/** Something a customer did (order, interaction, lead, service ticket, membership change). */
@Entity({ tableName: 'events' })
@Unique({ name: 'events_source_record_id_event_key_key', properties: ['sourceRecordId', 'eventKey'] })
@Index({ name: 'events_profile_id_occurred_at_idx', properties: ['profileId', 'occurredAt'] })
// Covering, for segment event leaves over the whole population (see Migration20261202200000).
@Index({
  name: 'events_type_occurred_at_idx',
  expression: 'create index events_type_occurred_at_idx on events (type, occurred_at) include (profile_id, amount)',
})
export class Event {
  @PrimaryKey({ type: 'text' })
  id: string = newId('event');

  @Property({ type: 'text' })
  profileId!: string;

  @Property({ type: 'text' })
  sourceRecordId!: string;

  @Property({ type: 'text' })
  source!: string;

  /** The source's own event id, or its position in the record when the source gives none. */
  @Property({ type: 'text' })
  eventKey!: string;

  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'timestamptz' })
  occurredAt!: Date;

  @Property({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  amount?: string;

  @Property({ type: 'jsonb' })
  properties: Record<string, unknown> = {};
}
