import { Migration } from '@mikro-orm/migrations';

/**
 * Consents: what each source record of a profile says about one (channel, purpose), derived from the
 * records like traits are. Every source's statement is kept (lineage); `current` marks the one that holds,
 * the latest by the source's own time. Unlike the other derived rows they hang off the profile with a
 * foreign key: erasing the profile removes them whatever path the erasure takes, and a profile holds few.
 */
export class Migration20261207235000_consents extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table consents (
        profile_id text not null references profiles (id) on delete cascade,
        channel text not null,
        purpose text not null,
        status text not null,
        source text not null,
        source_record_id text not null,
        stated_at timestamptz not null,
        learned_at timestamptz not null default now(),
        current boolean not null,
        primary key (profile_id, channel, purpose, source_record_id)
      );
      create index consents_current_idx on consents (channel, purpose, status) include (profile_id) where current;
      create index consents_source_record_id_idx on consents (source_record_id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists consents;');
  }
}
