import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../../../platform/ids';

/** Why two profiles became one: enough to explain the merge and to undo it. */
@Entity({ tableName: 'merge_decisions' })
@Index({ name: 'merge_decisions_surviving_profile_id_idx', properties: ['survivingProfileId'] })
@Index({ name: 'merge_decisions_merged_profile_id_idx', properties: ['mergedProfileId'] })
export class MergeDecision {
  @PrimaryKey({ type: 'text' })
  id: string = newId('mergeDecision');

  @Property({ type: 'text' })
  survivingProfileId!: string;

  @Property({ type: 'text' })
  mergedProfileId!: string;

  /** The source records the merged profile held at the time: what a split gives back. */
  @Property({ type: 'jsonb' })
  mergedSourceRecordIds!: string[];

  /** `merge`, or `split`: then the merged side is the new profile that took `mergedSourceRecordIds` away. */
  @Property({ type: 'text' })
  kind: 'merge' | 'split' = 'merge';

  @Property({ type: 'text' })
  rule!: string;

  /** The match probability of the scored link that decided it; null for identifier and manual decisions. */
  @Property({ type: 'double', nullable: true })
  probability?: number;

  /** The links that joined the two profiles (records, rule, probability, per-field evidence) and the links dropped. */
  @Property({ type: 'jsonb' })
  evidence!: Record<string, unknown>;

  /** `system:<resolver>` for automatic merges, an API key id for manual ones. */
  @Property({ type: 'text' })
  actor!: string;

  @Property({ type: 'timestamptz' })
  decidedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  reversedAt?: Date;
}
