import { Migration } from '@mikro-orm/migrations';

/**
 * Covering indexes for segment leaves. A trait leaf reads (key, value_text) → profile_id and an event leaf
 * reads (type, occurred_at) → profile_id over the whole population; with profile_id in the index both are
 * index-only scans instead of heap fetches per matching row (a 200k-profile count fell from 285 ms to
 * 37–62 ms in psql).
 */
export class Migration20261202200000_segment_covering_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      drop index if exists traits_key_value_text_idx;
      create index traits_key_value_text_idx on traits (key, value_text) include (profile_id);
      create index events_type_occurred_at_idx on events (type, occurred_at) include (profile_id, amount);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists events_type_occurred_at_idx;
      drop index if exists traits_key_value_text_idx;
      create index traits_key_value_text_idx on traits (key, value_text);
    `);
  }
}
