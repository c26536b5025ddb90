import { Migration } from '@mikro-orm/migrations';

/** The profile store: profiles, their identities, source records, traits with lineage, events, merges, API keys. */
export class Migration20261123000000_profile_store extends Migration {
  override async up(): Promise<void> {
    // identities, traits and events are derived rows: only the ingestion service writes them, always
    // re-derived from source records in the transaction that changes those. They carry no foreign keys:
    // a key check per derived row (a dozen per imported record) cost more than the inserts themselves.
    this.addSql(`
      create table profiles (
        id text primary key,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        merged_into_id text null references profiles (id)
      );
      create index profiles_updated_at_idx on profiles (updated_at);
      create index profiles_live_id_idx on profiles (id) where merged_into_id is null;

      create table source_records (
        id text primary key,
        source text not null,
        external_id text not null,
        profile_id text not null references profiles (id),
        payload jsonb not null,
        content_hash text not null,
        first_seen_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(),
        observed_at timestamptz not null default now(),
        constraint source_records_source_external_id_key unique (source, external_id)
      );
      create index source_records_profile_id_idx on source_records (profile_id);
      create index source_records_source_profile_id_idx on source_records (source, profile_id);

      create table identities (
        id text primary key,
        profile_id text not null,
        type text not null,
        value text not null,
        raw_value text not null,
        source text not null,
        source_record_id text not null,
        is_unique boolean not null default true,
        created_at timestamptz not null default now()
      );
      create unique index identities_unique_type_value_key on identities (type, value) where is_unique;
      create index identities_type_value_idx on identities (type, value);
      create index identities_profile_id_idx on identities (profile_id);

      create table traits (
        profile_id text not null,
        key text not null,
        value jsonb null,
        value_text text null,
        source text not null,
        source_record_id text not null,
        observed_at timestamptz not null,
        rule text not null,
        primary key (profile_id, key)
      );
      create index traits_key_value_text_idx on traits (key, value_text);

      create table events (
        id text primary key,
        profile_id text not null,
        source_record_id text not null,
        source text not null,
        event_key text not null,
        type text not null,
        occurred_at timestamptz not null,
        amount numeric(14, 2) null,
        properties jsonb not null default '{}',
        constraint events_source_record_id_event_key_key unique (source_record_id, event_key)
      );
      create index events_profile_id_occurred_at_idx on events (profile_id, occurred_at desc, id desc);

      create table merge_decisions (
        id text primary key,
        surviving_profile_id text not null references profiles (id),
        merged_profile_id text not null references profiles (id),
        merged_source_record_ids jsonb not null,
        rule text not null,
        evidence jsonb not null,
        actor text not null,
        decided_at timestamptz not null default now(),
        reversed_at timestamptz null
      );
      create index merge_decisions_surviving_profile_id_idx on merge_decisions (surviving_profile_id);
      create index merge_decisions_merged_profile_id_idx on merge_decisions (merged_profile_id);

      create table api_keys (
        id text primary key,
        name text not null,
        prefix text not null,
        key_hash text not null,
        scopes text[] not null,
        created_at timestamptz not null default now(),
        revoked_at timestamptz null,
        constraint api_keys_key_hash_key unique (key_hash)
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists api_keys, merge_decisions, events, traits, identities, source_records, profiles cascade;');
  }
}
