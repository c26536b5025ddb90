import type { SqlExecutor } from '../../platform/database/database';

/**
 * The SQL of the outbox: webhook events, their per-subject sequence numbers and the deliveries each
 * subscription gets.
 *
 * Borrows (reads only): segment_memberships (segments), to deliver a profile's events only to subscriptions
 * limited to a segment it is in, in the statement that writes them.
 */

/** The channel a committed outbox write notifies: dispatchers listening on it start at once instead of at their next poll. */
export const OUTBOX_CHANNEL = 'hub_webhooks';

export interface OutboxRow {
  id: string;
  type: string;
  subject: string;
  sequence: number;
  profileId: string | null;
  segmentId: string | null;
  membershipProfileId: string | null;
  formerSegmentIds: string[];
  body: string;
}

/** Every event type some subscription asks for (active or disabled: a disabled one keeps its backlog). */
export async function subscribedEventTypes(tx: SqlExecutor): Promise<Set<string>> {
  const rows = await tx.query<{ type: string }>('select distinct unnest(events) as type from webhook_subscriptions');
  return new Set(rows.map((row) => row.type));
}

/**
 * The next sequence numbers of the subjects, one per occurrence in `subjects`, in order. Counters are
 * taken in subject order, so two transactions numbering the same profiles cannot deadlock on them, and
 * the second waits for the first: a profile's numbers follow its commits.
 */
export async function nextSequences(tx: SqlExecutor, subjects: readonly string[]): Promise<number[]> {
  if (subjects.length === 0) return [];
  const counts = new Map<string, number>();
  for (const subject of subjects) counts.set(subject, (counts.get(subject) ?? 0) + 1);
  const ordered = [...counts.keys()].sort();
  const rows = await tx.query<{ subject: string; last: string }>(
    `insert into webhook_sequences (subject, last_sequence)
     select subject, count from unnest($1::text[], $2::bigint[]) with ordinality as c(subject, count, position) order by position
     on conflict (subject) do update set last_sequence = webhook_sequences.last_sequence + excluded.last_sequence
     returning subject, last_sequence as last`,
    [ordered, ordered.map((subject) => counts.get(subject)!)],
  );
  const next = new Map(rows.map((row) => [row.subject, Number(row.last) - counts.get(row.subject)! + 1]));
  return subjects.map((subject) => {
    const sequence = next.get(subject)!;
    next.set(subject, sequence + 1);
    return sequence;
  });
}

/**
 * Stores the events and one pending delivery per event and subscription that wants it (by type, and for a
 * subscription limited to a segment: that segment's entries and exits, and profile events of its members),
 * then notifies the dispatchers, all in the caller's transaction. Returns how many deliveries it queued.
 * A delivery behind an undelivered one of its chain waits with next_attempt_at 'infinity', so claims never
 * read a backlog's tails; the dispatcher makes it due when the one before is finished (releaseChains). The
 * caller holds the chain's sequence counter (nextSequences), which is what keeps the two from missing each other.
 */
export async function storeEvents(tx: SqlExecutor, events: readonly OutboxRow[], retryWindowMs: number): Promise<number> {
  if (events.length === 0) return 0;
  const [{ deliveries }] = await tx.query<{ deliveries: number }>(
    `with incoming as (
       select * from unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $10::text[])
                  as e(id, type, subject, sequence, profile_id, segment_id, membership_profile_id, body, former_segments)
     ), targets as (
       select s.id as subscription_id, e.id as event_id, e.subject, e.sequence
         from incoming e join webhook_subscriptions s on e.type = any(s.events)
        where s.segment_id is null
           or e.profile_id is null
           or (e.segment_id is not null and e.segment_id = s.segment_id)
           or (e.segment_id is null and exists (select 1 from segment_memberships m where m.segment_id = s.segment_id and m.profile_id = e.membership_profile_id))
           or s.segment_id = any(string_to_array(e.former_segments, ','))
     ), stored as (
       insert into webhook_events (id, type, subject, sequence, profile_id, segment_id, body)
       select id, type, subject, sequence, profile_id, segment_id, body from incoming e where exists (select 1 from targets t where t.event_id = e.id)
     ), chained as (
       -- Only a chain's first undelivered event is due; the others wait ('infinity') until it is finished.
       select t.*, row_number() over (partition by t.subscription_id, t.subject order by t.sequence) = 1
                   and not exists (select 1 from webhook_deliveries w where w.subscription_id = t.subscription_id and w.subject = t.subject and w.status in ('pending', 'delivering')) as head
         from targets t
     ), queued as (
       insert into webhook_deliveries (subscription_id, event_id, subject, sequence, retry_until, next_attempt_at)
       select subscription_id, event_id, subject, sequence, now() + $9 * interval '1 millisecond', case when head then now() else 'infinity' end from chained
       returning 1
     )
     select count(*)::int as deliveries from queued`,
    [
      events.map((event) => event.id),
      events.map((event) => event.type),
      events.map((event) => event.subject),
      events.map((event) => event.sequence),
      events.map((event) => event.profileId),
      events.map((event) => event.segmentId),
      events.map((event) => event.membershipProfileId),
      events.map((event) => event.body),
      retryWindowMs,
      events.map((event) => event.formerSegmentIds.join(',')),
    ],
  );
  if (deliveries > 0) await notifyDispatchers(tx);
  return deliveries;
}

/** Wakes every listening dispatcher when (and only if) the caller's transaction commits. */
export async function notifyDispatchers(executor: SqlExecutor): Promise<void> {
  await executor.query('select pg_notify($1, $2)', [OUTBOX_CHANNEL, '']);
}

/** Deletes what the outbox holds about profiles being erased: their event bodies carry the very data erased. */
export async function forgetProfiles(tx: SqlExecutor, profileIds: readonly string[]): Promise<void> {
  if (profileIds.length === 0) return;
  // A profile's events have it as their subject: the (subject, sequence) index finds them.
  const events = await tx.query<{ id: string }>('delete from webhook_events where subject = any($1::text[]) returning id', [profileIds]);
  await tx.query('delete from webhook_deliveries where event_id = any($1::text[])', [events.map((event) => event.id)]);
}
