import { Migration } from '@mikro-orm/migrations';

/**
 * Identity resolution in the store: blocking keys per source record (candidate lookup and per-key locks),
 * the review queue, the constraints people set (cannot-links from splits and rejected reviews, must-links
 * from manual merges), the match model, richer merge decisions and trait candidates.
 */
export class Migration20261124000000_identity_resolution extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      -- Keys are stored as 53-bit hashes of their text ('kind:value'): a fixed-width index, no raw values in it.
      -- A collision only adds a candidate that is then scored, so a hash is all the lookup needs. The source is
      -- in the key so a lookup can skip, inside the index, the holders of the batch's own source (which the
      -- identity rules never link to it when a profile holds one record per source).
      -- No index by record: a changed record's old keys are computed from its stored payload and deleted by
      -- primary key, which spares the hottest insert of a bulk load a second index.
      create table record_blocking_keys (
        key_hash bigint not null,
        source text not null,
        source_record_id text not null,
        primary key (key_hash, source, source_record_id)
      );

      create table match_reviews (
        id text primary key,
        left_record_id text not null references source_records (id),
        right_record_id text not null references source_records (id),
        probability double precision not null,
        evidence jsonb not null,
        status text not null default 'open',
        created_at timestamptz not null default now(),
        decided_by text null,
        decided_at timestamptz null,
        merge_decision_id text null references merge_decisions (id),
        constraint match_reviews_status_check check (status in ('open', 'accepted', 'rejected')),
        constraint match_reviews_ordered_pair_check check (left_record_id < right_record_id)
      );
      create unique index match_reviews_open_pair_key on match_reviews (left_record_id, right_record_id) where status = 'open';
      create index match_reviews_status_id_idx on match_reviews (status, id);

      create table cannot_links (
        left_record_id text not null references source_records (id),
        right_record_id text not null references source_records (id),
        reason text not null,
        created_by text not null,
        decision_id text null,
        created_at timestamptz not null default now(),
        primary key (left_record_id, right_record_id),
        constraint cannot_links_ordered_pair_check check (left_record_id < right_record_id)
      );
      create index cannot_links_right_record_id_idx on cannot_links (right_record_id);

      create table must_links (
        left_record_id text not null references source_records (id),
        right_record_id text not null references source_records (id),
        reason text not null,
        created_by text not null,
        decision_id text null,
        created_at timestamptz not null default now(),
        primary key (left_record_id, right_record_id),
        constraint must_links_ordered_pair_check check (left_record_id < right_record_id)
      );
      create index must_links_right_record_id_idx on must_links (right_record_id);

      create table identity_models (
        id text primary key,
        origin text not null,
        parameters jsonb not null,
        records integer not null,
        pairs integer not null,
        details jsonb not null default '{}',
        created_at timestamptz not null default now(),
        constraint identity_models_origin_check check (origin in ('estimated', 'configured'))
      );

      alter table merge_decisions
        add column kind text not null default 'merge',
        add column probability double precision null,
        add constraint merge_decisions_kind_check check (kind in ('merge', 'split'));

      alter table traits add column candidates jsonb not null default '[]';

      -- One identity row per profile and value: a household phone, or an e-mail whose records a split kept
      -- apart, belongs to each profile that holds it. The new unique index also serves (type, value) lookups.
      drop index identities_unique_type_value_key;
      drop index identities_type_value_idx;
      create unique index identities_type_value_profile_id_key on identities (type, value, profile_id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index identities_type_value_profile_id_key;
      create index identities_type_value_idx on identities (type, value);
      create unique index identities_unique_type_value_key on identities (type, value) where is_unique;
      alter table traits drop column candidates;
      alter table merge_decisions drop constraint merge_decisions_kind_check, drop column probability, drop column kind;
      drop table if exists identity_models, must_links, cannot_links, match_reviews, record_blocking_keys cascade;
    `);
  }
}
