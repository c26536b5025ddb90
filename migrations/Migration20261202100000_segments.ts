import { Migration } from '@mikro-orm/migrations';

/**
 * Saved segments and their materialized members. A membership row is written when a profile enters and
 * deleted when it exits; each entry and exit is also kept in segment_changes, in the same transaction as
 * the change that caused it, for the webhooks to deliver as segment.entered / segment.exited.
 */
export class Migration20261202100000_segments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table segments (
        id text primary key,
        name text not null,
        description text null,
        definition jsonb not null,
        -- Whether a condition counts days back from now: such a segment is re-evaluated on schedule.
        time_relative boolean not null,
        -- When the members were last computed from scratch (creation, a change of definition, the schedule).
        evaluated_at timestamptz not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint segments_name_key unique (name)
      );

      create table segment_memberships (
        segment_id text not null references segments (id) on delete cascade,
        profile_id text not null,
        entered_at timestamptz not null default now(),
        primary key (segment_id, profile_id)
      );
      create index segment_memberships_profile_id_idx on segment_memberships (profile_id);

      create table segment_changes (
        id bigint generated always as identity primary key,
        segment_id text not null,
        profile_id text not null,
        change text not null check (change in ('entered', 'exited')),
        occurred_at timestamptz not null default now()
      );
      create index segment_changes_profile_id_idx on segment_changes (profile_id, id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists segment_changes; drop table if exists segment_memberships; drop table if exists segments;');
  }
}
