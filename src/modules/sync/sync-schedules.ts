import type { Database } from '../../platform/database/database';
import { sameRepeat, type JobQueue } from '../../platform/queue/job-queue';
import { HubError } from '../../errors/hub-error';
import { listConnections, markNeedsAttention } from './connection.store';
import { parseSchedule } from './sync-schedule';

export const SCHEDULED_SYNC_JOB = 'scheduled-sync';
const SCHEDULE_PREFIX = 'sync-schedule-';

export interface SchedulableConnection {
  id: string;
  schedule?: string | null;
  enabled: boolean;
}

/**
 * Keeps the queue's schedules (BullMQ job schedulers, or in-process timers) in step with the
 * connections: one per enabled connection with a schedule. Each tick enqueues a `scheduled-sync` job
 * that queues a run like a manual trigger does, so a slow run is never doubled by the next tick.
 */
export class SyncSchedules {
  constructor(
    private readonly database: Database,
    private readonly queue: JobQueue,
  ) {}

  async apply(connection: SchedulableConnection): Promise<void> {
    const id = SCHEDULE_PREFIX + connection.id;
    if (connection.enabled && connection.schedule) {
      await this.queue.upsertSchedule(id, parseSchedule(connection.schedule), { name: SCHEDULED_SYNC_JOB, data: { connectionId: connection.id } });
    } else {
      await this.queue.removeSchedule(id);
    }
  }

  /**
   * Makes the queue hold exactly the schedules the connections ask for: a worker runs this at start,
   * so schedules survive a Redis flush or an in-process restart, and a deleted connection's go away.
   * Unchanged schedules are left alone (re-creating a BullMQ interval scheduler would fire it at once).
   * A stored schedule the rules now refuse (one saved before sub-minute schedules were refused) is not
   * scheduled: its connection is marked `needs_attention` with the reason.
   */
  async reconcile(): Promise<{ scheduled: number; removed: number; refused: number }> {
    const connections = await listConnections(this.database);
    const held = await this.queue.schedules();
    const wanted = new Set<string>();
    let refused = 0;
    for (const connection of connections) {
      if (!connection.enabled || !connection.schedule) continue;
      let repeat;
      try {
        repeat = parseSchedule(connection.schedule);
      } catch (error) {
        if (!(error instanceof HubError)) throw error;
        refused++;
        await markNeedsAttention(this.database, connection.id, `${error.message} Set another schedule with updateConnection.`);
        continue;
      }
      const id = SCHEDULE_PREFIX + connection.id;
      wanted.add(id);
      if (!sameRepeat(held.get(id), repeat)) await this.apply(connection);
    }
    const stale = [...held.keys()].filter((id) => id.startsWith(SCHEDULE_PREFIX) && !wanted.has(id));
    for (const id of stale) await this.queue.removeSchedule(id);
    return { scheduled: wanted.size, removed: stale.length, refused };
  }
}
