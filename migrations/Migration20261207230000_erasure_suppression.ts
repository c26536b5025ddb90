import { Migration } from '@mikro-orm/migrations';

/**
 * Erasure that forgets (issue 20): the suppression list and erasure receipts. Neither holds personal data.
 * A suppression is one erased person; its identifiers are kept only as HMAC-SHA256 under the hub's secret key
 * (so a stolen dump cannot be matched against a list of e-mails), and ingestion refuses a record carrying one
 * until the suppression is lifted. A receipt says that an erasure happened, when, and how many rows of each
 * kind it removed.
 */
export class Migration20261207230000_erasure_suppression extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table erasure_receipts (
        id text primary key,
        profile_id text not null,
        erased_at timestamptz not null default now(),
        removed jsonb not null
      );

      create table suppressions (
        id text primary key,
        erasure_receipt_id text null references erasure_receipts (id),
        reason text not null,
        created_at timestamptz not null default now(),
        lifted_at timestamptz null
      );

      create table suppressed_identifiers (
        suppression_id text not null references suppressions (id),
        identifier_hash text not null,
        primary key (suppression_id, identifier_hash)
      );
      create index suppressed_identifiers_hash_idx on suppressed_identifiers (identifier_hash);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table if exists suppressed_identifiers;
      drop table if exists suppressions;
      drop table if exists erasure_receipts;
    `);
  }
}
