import type { SqlExecutor } from '../../platform/database/database';

/** A subscription as the API shows it: never its secrets. */
export interface WebhookSubscriptionRow {
  id: string;
  url: string;
  events: string[];
  segmentId: string | null;
  description: string | null;
  status: 'active' | 'disabled';
  disabledReason: string | null;
  /** Until when the secret replaced by the last rotation still signs; null when only one secret signs. */
  previousSecretExpiresAt: Date | null;
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, url, events, segment_id as "segmentId", description, status, disabled_reason as "disabledReason",
  case when previous_secret_expires_at > now() then previous_secret_expires_at end as "previousSecretExpiresAt",
  failing_since as "failingSince", created_at as "createdAt", updated_at as "updatedAt"`;

export interface SubscriptionWrite {
  url: string;
  events: string[];
  segmentId: string | null;
  description: string | null;
}

export async function insertSubscription(executor: SqlExecutor, id: string, write: SubscriptionWrite, sealedSecret: string): Promise<void> {
  await executor.query('insert into webhook_subscriptions (id, url, events, segment_id, description, secret) values ($1, $2, $3, $4, $5, $6)', [
    id,
    write.url,
    write.events,
    write.segmentId,
    write.description,
    sealedSecret,
  ]);
}

/** Saves the fields; enabling clears the reason and the failure streak, so the backlog is tried again at once. */
export async function updateSubscription(executor: SqlExecutor, id: string, write: SubscriptionWrite, enabled: boolean | undefined): Promise<void> {
  await executor.query(
    `update webhook_subscriptions
        set url = $2, events = $3, segment_id = $4, description = $5, updated_at = now(),
            status = case when $6::boolean is null then status when $6 then 'active' else 'disabled' end,
            disabled_reason = case when $6::boolean is null then disabled_reason when $6 then null else 'disabled by an administrator' end,
            failing_since = case when $6 then null else failing_since end
      where id = $1`,
    [id, write.url, write.events, write.segmentId, write.description, enabled ?? null],
  );
  // The chains' first events; those behind them keep waiting their turn.
  if (enabled) await executor.query(`update webhook_deliveries set next_attempt_at = now() where subscription_id = $1 and status = 'pending' and next_attempt_at <> 'infinity'`, [id]);
}

/** Deletes the subscription and its deliveries (the caller's transaction keeps the two together). */
export async function deleteSubscription(tx: SqlExecutor, id: string): Promise<boolean> {
  await tx.query('delete from webhook_deliveries where subscription_id = $1', [id]);
  return (await tx.query('delete from webhook_subscriptions where id = $1 returning id', [id])).length > 0;
}

export async function findSubscriptions(executor: SqlExecutor, ids?: readonly string[]): Promise<WebhookSubscriptionRow[]> {
  const rows = ids
    ? await executor.query<WebhookSubscriptionRow>(`select ${COLUMNS} from webhook_subscriptions where id = any($1::text[]) order by id`, [ids])
    : await executor.query<WebhookSubscriptionRow>(`select ${COLUMNS} from webhook_subscriptions order by id`);
  return rows.map(withDates);
}

/** Makes `sealedSecret` the signing secret; the one it replaces keeps signing until `previousExpiresAt`. */
export async function rotateSecret(executor: SqlExecutor, id: string, sealedSecret: string, previousExpiresAt: Date): Promise<boolean> {
  const rows = await executor.query(
    'update webhook_subscriptions set previous_secret = secret, previous_secret_expires_at = $3, secret = $2, updated_at = now() where id = $1 returning id',
    [id, sealedSecret, previousExpiresAt],
  );
  return rows.length > 0;
}

function withDates(row: WebhookSubscriptionRow): WebhookSubscriptionRow {
  const date = (value: Date | null) => (value === null ? null : new Date(value));
  return { ...row, previousSecretExpiresAt: date(row.previousSecretExpiresAt), failingSince: date(row.failingSince), createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) };
}
