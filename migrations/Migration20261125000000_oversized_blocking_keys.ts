import { Migration } from '@mikro-orm/migrations';

/**
 * Blocking keys known to be held by more records than a block may have. The engine skips such a block, but
 * finding that out meant reading its first holders again for every record that carries the key: a common
 * name's key, once it passes the cap, cost every later batch a hundred index entries per record.
 */
export class Migration20261125000000_oversized_blocking_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      -- holders: how many holders the lookup that marked the key counted (it stops at the cap + 1). A key is
      -- skipped while holders exceeds the cap in force, so raising maxBlockSize brings its keys back.
      create table oversized_blocking_keys (
        key_hash bigint primary key,
        holders integer not null
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists oversized_blocking_keys;');
  }
}
