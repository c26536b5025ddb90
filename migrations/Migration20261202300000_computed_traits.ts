import { Migration } from '@mikro-orm/migrations';

/**
 * Computed traits: values derived from a profile's events (RFM, interaction counts, portrait tags,
 * loyalty tier, sentiment, CRM status), one row per profile and key, with the lineage of the events that
 * produced it. value_text holds the value as segment leaves compare it (numbers as text, tag lists joined
 * by commas), so computed and stored traits compile to the same tests.
 */
export class Migration20261202300000_computed_traits extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table computed_traits (
        profile_id text not null,
        key text not null,
        value jsonb not null,
        value_text text not null,
        lineage jsonb not null,
        computed_at timestamptz not null default now(),
        primary key (profile_id, key)
      );
      create index computed_traits_key_value_text_idx on computed_traits (key, value_text) include (profile_id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists computed_traits;');
  }
}
