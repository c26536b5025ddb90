import type { SqlExecutor } from '../../platform/database/database';
import type { ErasureTargets, PersonDataEraser } from '../profiles';
import { erasureSearchTexts } from '../profiles';

/**
 * What the outbox keeps about an erased person: every event about it or any profile merged into it (a
 * profile.created of an absorbed profile carries its e-mail, phone and name), and any other event whose body
 * quotes one of its identifiers, with their deliveries. The events are deleted, not blanked: a replay finds
 * nothing to send again. Run before the pipeline, so the profile.deleted notices it writes stay.
 */
export async function forgetPerson(tx: SqlExecutor, targets: ErasureTargets): Promise<Record<string, number>> {
  const events = await tx.query<{ id: string }>(
    `delete from webhook_events e
      where e.subject = any($1::text[]) or e.profile_id = any($1::text[])
         or exists (select 1 from unnest($2::text[]) t where strpos(lower(e.body), t) > 0)
      returning id`,
    [targets.profileIds, erasureSearchTexts(targets)],
  );
  const deliveries = await tx.query('delete from webhook_deliveries where event_id = any($1::text[]) returning 1', [events.map((event) => event.id)]);
  return { webhook_events: events.length, webhook_deliveries: deliveries.length };
}

export const webhookErasure: PersonDataEraser = { forgetPerson };

export interface WebhookEventAboutRow { id: string; type: string; occurredAt: Date; body: unknown }

/** The stored webhook events about these profiles, for a data-subject export. */
export async function webhookEventsAbout(executor: SqlExecutor, profileIds: readonly string[]): Promise<WebhookEventAboutRow[]> {
  const rows = await executor.query<{ id: string; type: string; occurredAt: Date; body: string }>(
    'select id, type, occurred_at as "occurredAt", body from webhook_events where subject = any($1::text[]) or profile_id = any($1::text[]) order by occurred_at, id',
    [profileIds],
  );
  return rows.map((row) => ({ ...row, body: JSON.parse(row.body) as unknown }));
}
