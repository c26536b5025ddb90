import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { SyncRunRow } from '../../modules/sync';
import { RelayConnection } from './relay-connection';
import { RecordCounts } from './record-counts.type';

@ObjectType('SyncStreamStats', { description: "What a run did with one stream (e.g. customers, orders); the run's `rejections` say why rows were rejected." })
export class SyncStreamStatsType extends RecordCounts {
  @Field()
  stream!: string;

  @Field(() => Int, {
    nullable: true,
    description: "How many records the stream has to read in all, where the platform says (Shopify's counts on a full read, WeChat's total, Zoho's count): with `read`, the run's `startedAt` and now, a client shows progress, rate and ETA. Null where the platform does not say.",
  })
  total?: number | null;
}

/** One sync of one connection; rejections are resolved (batched) by SyncRunResolver. */
@ObjectType('SyncRun', { description: 'One sync of one connection.' })
export class SyncRunType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  connectionId!: string;

  @Field({ description: 'queued, running, succeeded, failed or cancelled.' })
  status!: string;

  @Field({ description: 'Ignored stored cursors and read everything again.' })
  fullRefresh!: boolean;

  @Field({ description: 'manual, schedule or api.' })
  trigger!: string;

  @Field()
  queuedAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'Why the run (or its last attempt) failed.' })
  lastError!: string | null;

  @Field(() => [SyncStreamStatsType], { description: 'Counts per stream, by stream name; updated while the run is going.' })
  streams!: SyncStreamStatsType[];
}

@ObjectType('SyncRunConnection', { description: 'Sync runs, newest first.' })
export class SyncRunConnection extends RelayConnection(SyncRunType, 'SyncRun') {}

/** The API shape of a run: stream counts as a list, by stream name. */
export function syncRunFrom(row: SyncRunRow): SyncRunType {
  const { streamStats, ...run } = row;
  const streams = Object.entries(streamStats)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([stream, stats]) => ({ stream, ...stats, suppressed: stats.suppressed ?? 0, total: stats.total ?? null }));
  return { ...run, streams };
}
