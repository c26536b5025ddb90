import { Migration } from '@mikro-orm/migrations';

/**
 * Where phones written without a country code are read, per source (issue 19): a connection's `region`, and
 * the region each stored record's phones were read in, so that a record re-read later (a candidate of a later
 * batch, explainMatch, a rules preview, the match model's sample, a re-derived profile) is read as it was
 * ingested. Null is the hub's default (HUB_DEFAULT_REGION): every record stored before this migration.
 */
export class Migration20261207100000_phone_regions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table source_records add column phone_region text null;
      alter table connections add column region text null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      alter table connections drop column if exists region;
      alter table source_records drop column if exists phone_region;
    `);
  }
}
