import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../../platform/ids';

export const SYNC_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

export interface StreamStats {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** One sync of one connection: its state, when it ran, what it counted per stream, how it ended. */
@Entity({ tableName: 'sync_runs' })
@Index({ name: 'sync_runs_connection_id_queued_at_idx', properties: ['connectionId', 'queuedAt'] })
export class SyncRun {
  [OptionalProps]?: 'id' | 'queuedAt' | 'streamStats' | 'attempts' | 'fullRefresh';

  @PrimaryKey({ type: 'text' })
  id: string = newId('syncRun');

  @Property({ type: 'text' })
  connectionId!: string;

  @Property({ type: 'text' })
  status!: SyncRunStatus;

  /** Ignore stored cursors and read everything again. */
  @Property({ type: 'boolean' })
  fullRefresh: boolean = false;

  /** `manual`, `schedule` or `api`. */
  @Property({ type: 'text' })
  trigger!: string;

  @Property({ type: 'timestamptz' })
  queuedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  startedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;

  @Property({ type: 'jsonb' })
  streamStats: Record<string, StreamStats> = {};

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;
}
