import { Migration } from '@mikro-orm/migrations';

/** Connections (configured connectors), their sync runs, per-stream checkpoints and rejected rows. */
export class Migration20261123100000_sync extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table connections (
        id text primary key,
        name text not null,
        connector text not null,
        config jsonb not null,
        schedule text null,
        enabled boolean not null default true,
        status text not null default 'active',
        status_reason text null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint connections_name_key unique (name)
      );

      create table sync_runs (
        id text primary key,
        connection_id text not null references connections (id) on delete cascade,
        status text not null,
        full_refresh boolean not null default false,
        trigger text not null,
        queued_at timestamptz not null default now(),
        started_at timestamptz null,
        finished_at timestamptz null,
        stream_stats jsonb not null default '{}',
        attempts integer not null default 0,
        last_error text null
      );
      create index sync_runs_connection_id_queued_at_idx on sync_runs (connection_id, queued_at desc);
      -- One run at a time per connection: a second trigger finds the first instead of starting another.
      create unique index sync_runs_one_active_per_connection on sync_runs (connection_id) where status in ('queued', 'running');

      create table sync_stream_states (
        connection_id text not null references connections (id) on delete cascade,
        stream text not null,
        state jsonb not null,
        updated_at timestamptz not null default now(),
        primary key (connection_id, stream)
      );

      create table sync_rejections (
        id text primary key,
        run_id text not null references sync_runs (id) on delete cascade,
        stream text not null,
        reason text not null,
        raw jsonb null,
        created_at timestamptz not null default now()
      );
      create index sync_rejections_run_id_idx on sync_rejections (run_id, created_at);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists sync_rejections, sync_stream_states, sync_runs, connections cascade;');
  }
}
