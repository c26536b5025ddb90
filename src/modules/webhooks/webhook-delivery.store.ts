import type { SqlExecutor } from '../../platform/database/database';
import { notifyDispatchers } from './webhook-outbox.store';

export const DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A delivery the dispatcher took, with what it needs to send it. */
export interface ClaimedDelivery {
  subscriptionId: string;
  eventId: string;
  subject: string;
  attempt: number;
  retryUntil: Date;
  url: string;
  body: string;
  sealedSecrets: string[];
}

/** What became of an attempt, to be recorded. */
export interface AttemptRecord {
  subscriptionId: string;
  eventId: string;
  attempt: number;
  status: 'pending' | 'delivered' | 'dead';
  nextAttemptAt: Date;
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
}

export interface DeliveryRow {
  subscriptionId: string;
  eventId: string;
  eventType: string;
  profileId: string | null;
  sequence: number;
  status: DeliveryStatus;
  attempts: number;
  responseCode: number | null;
  latencyMs: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

// Candidates looked at per delivery claimed: enough to share a claim among subscriptions.
const CANDIDATES_PER_CLAIM = 4;

/**
 * Takes up to `limit` due deliveries of active subscriptions for `leaseMs`: pending ones whose time has come and
 * delivering ones whose lease ran out (their dispatcher died). Only the first undelivered event of each
 * (subscription, subject) chain qualifies, so a profile's events go out one after another in sequence
 * order; SKIP LOCKED lets dispatchers claim side by side without waiting on each other. Subscriptions take
 * turns within a claim (one backlog does not hold up another's fresh events), and one named in `room` gets
 * at most that many (a failing receiver cannot fill every slot with attempts that hang until the timeout).
 */
export async function claimDue(executor: SqlExecutor, limit: number, leaseMs: number, room: ReadonlyMap<string, number> = new Map()): Promise<ClaimedDelivery[]> {
  const rows = await executor.query<ClaimedDelivery>(
    `with candidates as (
       select d.subscription_id, d.event_id, d.next_attempt_at
         from webhook_deliveries d join webhook_subscriptions s on s.id = d.subscription_id and s.status = 'active'
        where ((d.status = 'pending' and d.next_attempt_at <= now()) or (d.status = 'delivering' and d.lease_until <= now()))
          and coalesce(($4::jsonb ->> d.subscription_id)::int, 1) > 0
          and not exists (
            select 1 from webhook_deliveries e
             where e.subscription_id = d.subscription_id and e.subject = d.subject and e.sequence < d.sequence and e.status in ('pending', 'delivering'))
        order by d.next_attempt_at
        limit $1 * $3::int
     ), ranked as (
       select c.*, row_number() over (partition by c.subscription_id order by c.next_attempt_at) as turn from candidates c
     ), due as (
       -- Locked, the row is checked again: another dispatcher may have taken it since the candidates were read.
       select d.subscription_id, d.event_id
         from ranked r join webhook_deliveries d on d.subscription_id = r.subscription_id and d.event_id = r.event_id
        where ((d.status = 'pending' and d.next_attempt_at <= now()) or (d.status = 'delivering' and d.lease_until <= now()))
          and r.turn <= coalesce(($4::jsonb ->> r.subscription_id)::int, $1)
        order by r.turn, r.next_attempt_at
        limit $1
        for update of d skip locked
     )
     update webhook_deliveries d
        set status = 'delivering', lease_until = now() + $2 * interval '1 millisecond', attempts = d.attempts + 1
       from due, webhook_events e, webhook_subscriptions s
      where d.subscription_id = due.subscription_id and d.event_id = due.event_id and e.id = d.event_id and s.id = d.subscription_id
      returning d.subscription_id as "subscriptionId", d.event_id as "eventId", d.subject, d.attempts as attempt, d.retry_until as "retryUntil", s.url, e.body,
                array_remove(array[s.secret, case when s.previous_secret_expires_at > now() then s.previous_secret end], null) as "sealedSecrets"`,
    [limit, leaseMs, CANDIDATES_PER_CLAIM, JSON.stringify(Object.fromEntries(room))],
  );
  return rows.map((row) => ({ ...row, retryUntil: new Date(row.retryUntil) }));
}

/**
 * Records attempts in one statement. An attempt whose lease ran out meanwhile (another dispatcher took the
 * delivery, so its attempt count moved on) is not recorded: the newer attempt's result will be.
 */
export async function recordAttempts(executor: SqlExecutor, records: readonly AttemptRecord[]): Promise<void> {
  if (records.length === 0) return;
  await executor.query(
    `update webhook_deliveries d
        set status = r.status, next_attempt_at = r.next_attempt_at, lease_until = null, response_code = r.response_code,
            latency_ms = r.latency_ms, last_error = r.error, delivered_at = case when r.status = 'delivered' then now() else d.delivered_at end
       from unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::int[], $7::int[], $8::text[])
            as r(subscription_id, event_id, attempt, status, next_attempt_at, response_code, latency_ms, error)
      where d.subscription_id = r.subscription_id and d.event_id = r.event_id and d.status = 'delivering' and d.attempts = r.attempt`,
    [
      records.map((record) => record.subscriptionId),
      records.map((record) => record.eventId),
      records.map((record) => record.attempt),
      records.map((record) => record.status),
      records.map((record) => record.nextAttemptAt),
      records.map((record) => record.responseCode),
      records.map((record) => record.latencyMs),
      records.map((record) => record.error),
    ],
  );
}

/** A (subscription, subject) chain of deliveries. */
export interface Chain {
  subscriptionId: string;
  subject: string;
}

/**
 * Makes the first pending delivery of each chain due when it waits behind one that is now finished (or
 * deleted). Run in the transaction that finished those. It first takes the chains' sequence counters in
 * share mode: an outbox transaction adding to a chain holds its counter, and one that adds after this
 * commits sees the finished delivery and queues its own as due. With `skipBusy`, the chains whose counter
 * an outbox transaction holds right now are not waited for but returned, to be released again later
 * (a long whole segment evaluation must not stall the dispatcher); otherwise this waits for it.
 */
export async function releaseChains(tx: SqlExecutor, chains: readonly Chain[], skipBusy = false): Promise<Chain[]> {
  if (chains.length === 0) return [];
  const subjects = [...new Set(chains.map((chain) => chain.subject))].sort();
  const locked = await tx.query<{ subject: string }>(`select subject from webhook_sequences where subject = any($1::text[]) order by subject for share${skipBusy ? ' skip locked' : ''}`, [subjects]);
  const free = new Set(locked.map((row) => row.subject));
  // A chain whose counter row does not exist has no outbox transaction behind it either.
  const busy = skipBusy ? new Set(subjects.filter((subject) => !free.has(subject))) : new Set<string>();
  const releasable = chains.filter((chain) => !busy.has(chain.subject));
  if (releasable.length > 0) {
    await tx.query(
      `update webhook_deliveries n set next_attempt_at = now()
         from (select distinct on (x.subscription_id, x.subject) x.subscription_id, x.event_id, x.status, x.next_attempt_at
                 from webhook_deliveries x join unnest($1::text[], $2::text[]) as c(subscription_id, subject) on x.subscription_id = c.subscription_id and x.subject = c.subject
                where x.status in ('pending', 'delivering')
                order by x.subscription_id, x.subject, x.sequence) first
        where n.subscription_id = first.subscription_id and n.event_id = first.event_id and first.status = 'pending' and first.next_attempt_at = 'infinity'`,
      [releasable.map((chain) => chain.subscriptionId), releasable.map((chain) => chain.subject)],
    );
  }
  return chains.filter((chain) => busy.has(chain.subject));
}

/**
 * The safety net for releaseChains (run hourly with the prune): makes due every waiting delivery with
 * nothing undelivered before it in its chain. It finds none unless a dispatcher died between finishing a
 * delivery and a release it had to put off.
 */
export async function releaseStrandedChains(executor: SqlExecutor): Promise<number> {
  const rows = await executor.query(
    `update webhook_deliveries d set next_attempt_at = now()
      where d.status = 'pending' and d.next_attempt_at = 'infinity'
        and not exists (
          select 1 from webhook_deliveries e
           where e.subscription_id = d.subscription_id and e.subject = d.subject and e.sequence < d.sequence and e.status in ('pending', 'delivering'))
      returning 1`,
  );
  return rows.length;
}

export function uniqueChains(chains: readonly Chain[]): Chain[] {
  return [...new Map(chains.map((chain) => [`${chain.subscriptionId} ${chain.subject}`, { subscriptionId: chain.subscriptionId, subject: chain.subject }])).values()];
}

/** What a flush of attempts means for each subscription. */
export interface SubscriptionOutcome {
  subscriptionId: string;
  /** Some attempt succeeded: the failure streak ends. */
  succeeded: boolean;
  /** Why to disable it now, if so (410 Gone, or failing for the whole retry window). */
  disableReason: string | null;
}

/** Ends or starts failure streaks and disables subscriptions, in one statement. */
export async function recordSubscriptionOutcomes(executor: SqlExecutor, outcomes: readonly SubscriptionOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await executor.query(
    `update webhook_subscriptions s
        set failing_since = case when o.succeeded then null else coalesce(s.failing_since, now()) end,
            status = case when o.disable_reason is not null then 'disabled' else s.status end,
            disabled_reason = coalesce(o.disable_reason, s.disabled_reason),
            updated_at = case when o.disable_reason is not null then now() else s.updated_at end
       from unnest($1::text[], $2::boolean[], $3::text[]) as o(subscription_id, succeeded, disable_reason)
      where s.id = o.subscription_id
        -- A healthy subscription's row is not rewritten on every flush (a hot row, and dead tuples).
        and (o.disable_reason is not null or (o.succeeded and s.failing_since is not null) or (not o.succeeded and s.failing_since is null))`,
    [outcomes.map((outcome) => outcome.subscriptionId), outcomes.map((outcome) => outcome.succeeded), outcomes.map((outcome) => outcome.disableReason)],
  );
}

/** Since when each subscription has failed without a success (subscriptions with no streak are absent). */
export async function failingSince(executor: SqlExecutor, subscriptionIds: readonly string[]): Promise<Map<string, Date>> {
  const rows = await executor.query<{ id: string; since: Date }>('select id, failing_since as since from webhook_subscriptions where id = any($1::text[]) and failing_since is not null', [subscriptionIds]);
  return new Map(rows.map((row) => [row.id, new Date(row.since)]));
}

/**
 * One page of a subscription's deliveries, newest first, after the `afterEventId` cursor. Event ids are
 * time-ordered ULIDs, so the primary key gives the order (no listing index to update on every insert).
 */
export async function listDeliveries(
  executor: SqlExecutor,
  subscriptionId: string,
  options: { status?: DeliveryStatus; eventId?: string; first: number; afterEventId?: string },
): Promise<DeliveryRow[]> {
  const rows = await executor.query<DeliveryRow>(
    `select d.subscription_id as "subscriptionId", d.event_id as "eventId", e.type as "eventType", e.profile_id as "profileId", d.sequence::int as sequence,
            d.status, d.attempts, d.response_code as "responseCode", d.latency_ms as "latencyMs", d.last_error as "lastError",
            -- A delivery waiting behind an earlier one of its chain has no time yet ('infinity', which is no Date).
            case when d.status = 'pending' and d.next_attempt_at <> 'infinity' then d.next_attempt_at end as "nextAttemptAt", d.created_at as "createdAt", d.delivered_at as "deliveredAt"
       from webhook_deliveries d join webhook_events e on e.id = d.event_id
      where d.subscription_id = $1 and ($2::text is null or d.status = $2)
        and ($3::text is null or d.event_id < $3)
        and ($5::text is null or d.event_id = $5)
      order by d.event_id desc
      limit $4`,
    [subscriptionId, options.status ?? null, options.afterEventId ?? null, options.first, options.eventId ?? null],
  );
  return rows.map((row) => ({
    ...row,
    nextAttemptAt: row.nextAttemptAt === null ? null : new Date(row.nextAttemptAt),
    createdAt: new Date(row.createdAt),
    deliveredAt: row.deliveredAt === null ? null : new Date(row.deliveredAt),
  }));
}

/**
 * Deletes deliveries created before `before` that are finished (delivered or dead-lettered) or wait for a
 * disabled subscription, then the events no delivery refers to any more: the outbox does not grow without
 * end. An active subscription's waiting deliveries are never deleted.
 */
export async function pruneDeliveries(tx: SqlExecutor, before: Date): Promise<{ deliveries: number; events: number }> {
  const deliveries = await tx.query<Chain>(
    `delete from webhook_deliveries d
      where d.created_at < $1
        and (d.status in ('delivered', 'dead') or (d.status = 'pending' and exists (select 1 from webhook_subscriptions s where s.id = d.subscription_id and s.status = 'disabled')))
      returning d.subscription_id as "subscriptionId", d.subject`,
    [before],
  );
  // A disabled subscription's chain may have lost its first events: the ones after must not wait for them.
  await releaseChains(tx, uniqueChains(deliveries));
  const events = await tx.query(
    'delete from webhook_events e where e.occurred_at < $1 and not exists (select 1 from webhook_deliveries d where d.event_id = e.id) returning 1',
    [before],
  );
  return { deliveries: deliveries.length, events: events.length };
}

/**
 * Sends the subscription's deliveries created in [from, to) (or one of them) again, whatever became of
 * them, with the same webhook-id and body and a new retry window; a delivery in flight is left alone.
 */
export async function replayDeliveries(executor: SqlExecutor, subscriptionId: string, range: { from: Date; to: Date } | { eventId: string }, retryWindowMs: number): Promise<number> {
  const rows = await executor.query(
    `update webhook_deliveries
        set status = 'pending', next_attempt_at = now(), retry_until = now() + $5 * interval '1 millisecond', lease_until = null
      where subscription_id = $1 and status <> 'delivering'
        and (($4::text is null and created_at >= $2 and created_at < $3) or event_id = $4)
      returning event_id`,
    'eventId' in range ? [subscriptionId, null, null, range.eventId, retryWindowMs] : [subscriptionId, range.from, range.to, null, retryWindowMs],
  );
  if (rows.length > 0) await notifyDispatchers(executor);
  return rows.length;
}
