import type { SqlExecutor } from '../../platform/database/database';
import type { ErasureTargets, PersonDataEraser } from '../profiles';

/**
 * What segments keep about an erased person once the pipeline has taken it out of every segment: the
 * history of its entries and exits (the exits the erasure itself recorded included), and any membership a
 * tombstone of it still had.
 */
export async function forgetPerson(tx: SqlExecutor, targets: ErasureTargets): Promise<Record<string, number>> {
  const memberships = await tx.query('delete from segment_memberships where profile_id = any($1::text[]) returning 1', [targets.profileIds]);
  const changes = await tx.query('delete from segment_changes where profile_id = any($1::text[]) returning 1', [targets.profileIds]);
  return { segment_memberships: memberships.length, segment_changes: changes.length };
}

export const segmentErasure: PersonDataEraser = { forgetPerson };

export interface SegmentHistoryRow { segmentId: string; profileId: string; change: string; occurredAt: Date }

/** The person's segments now and their entries and exits, for a data-subject export. */
export async function segmentDataOf(executor: SqlExecutor, profileIds: readonly string[]): Promise<{ memberships: { segmentId: string; profileId: string }[]; changes: SegmentHistoryRow[] }> {
  const memberships = await executor.query<{ segmentId: string; profileId: string }>(
    'select segment_id as "segmentId", profile_id as "profileId" from segment_memberships where profile_id = any($1::text[]) order by segment_id',
    [profileIds],
  );
  const changes = await executor.query<SegmentHistoryRow>(
    'select segment_id as "segmentId", profile_id as "profileId", change, occurred_at as "occurredAt" from segment_changes where profile_id = any($1::text[]) order by id',
    [profileIds],
  );
  return { memberships, changes };
}
