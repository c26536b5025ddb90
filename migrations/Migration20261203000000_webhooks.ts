import { Migration } from '@mikro-orm/migrations';

/**
 * Webhooks: subscriptions, the transactional outbox (webhook_events, written in the transaction of the
 * change that causes them), per-subject sequence counters and one delivery row per event and subscription.
 * The dispatcher claims due deliveries with a lease, so a killed dispatcher's work is taken over when the
 * lease runs out, and only the first undelivered event of a (subscription, subject) chain is ever claimed,
 * which keeps each profile's events in sequence order per subscription.
 */
export class Migration20261203000000_webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table webhook_subscriptions (
        id text primary key,
        url text not null,
        events text[] not null,
        -- Only profiles in this segment (and only this segment's entries and exits); a segment in use cannot be deleted.
        segment_id text null references segments (id) on delete restrict,
        description text null,
        -- The whsec_ signing secret, sealed with HUB_SECRET_KEY; the previous one signs too until it expires.
        secret text not null,
        previous_secret text null,
        previous_secret_expires_at timestamptz null,
        status text not null default 'active' check (status in ('active', 'disabled')),
        disabled_reason text null,
        -- Since when every attempt failed (null after a success): a subscription failing the whole retry window is disabled.
        failing_since timestamptz null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );

      create table webhook_sequences (
        subject text primary key,
        last_sequence bigint not null
      );

      create table webhook_events (
        id text primary key,
        type text not null,
        -- What the sequence counts: a profile id, or a connection id for sync.failed (the unique index finds a profile's events).
        subject text not null,
        sequence bigint not null,
        profile_id text null,
        segment_id text null,
        -- The exact JSON every subscription receives, fixed at the change so retries and replays send the same bytes.
        body text not null,
        occurred_at timestamptz not null default now(),
        constraint webhook_events_subject_sequence_key unique (subject, sequence)
      );

      -- No foreign keys: checking two per row cost a tenth of an ingestion batch's outbox writes. Deleting a
      -- subscription, erasing a profile and pruning delete the deliveries explicitly, in the same transaction.
      create table webhook_deliveries (
        subscription_id text not null,
        event_id text not null,
        subject text not null,
        sequence bigint not null,
        status text not null default 'pending' check (status in ('pending', 'delivering', 'delivered', 'dead')),
        attempts integer not null default 0,
        -- 'infinity' while an earlier event of its chain is undelivered: released when that one is finished.
        next_attempt_at timestamptz not null default now(),
        -- An attempt failing after this is not retried: the delivery is dead-lettered (a replay sets a new one).
        retry_until timestamptz not null,
        lease_until timestamptz null,
        response_code integer null,
        latency_ms integer null,
        last_error text null,
        created_at timestamptz not null default now(),
        delivered_at timestamptz null,
        primary key (subscription_id, event_id)
      );
      create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status in ('pending', 'delivering');
      create index webhook_deliveries_chain_idx on webhook_deliveries (subscription_id, subject, sequence) where status in ('pending', 'delivering');
      create index webhook_deliveries_event_id_idx on webhook_deliveries (event_id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists webhook_deliveries; drop table if exists webhook_events; drop table if exists webhook_sequences; drop table if exists webhook_subscriptions;');
  }
}
