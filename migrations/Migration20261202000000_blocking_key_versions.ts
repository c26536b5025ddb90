import { Migration } from '@mikro-orm/migrations';

/**
 * Each blocking key row carries the content version of the record holding it (the first 8 bytes of its
 * content hash), in the primary key's index. A lookup then reads a holder's version from the index alone and
 * checks the normalized record it keeps against it, instead of reading every holder's row from source_records:
 * a batch meets fifteen thousand holders at 100k stored records and keeps a few hundred as candidates.
 */
export class Migration20261202000000_blocking_key_versions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table record_blocking_keys add column content_version bigint not null default 0;
      update record_blocking_keys b
         set content_version = ('x' || encode(substring(decode(translate(s.content_hash, '-_', '+/') || '=', 'base64') from 1 for 8), 'hex'))::bit(64)::bigint
        from source_records s
       where s.id = b.source_record_id;
      alter table record_blocking_keys drop constraint record_blocking_keys_pkey;
      alter table record_blocking_keys add constraint record_blocking_keys_pkey primary key (key_hash, source, source_record_id) include (content_version);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      alter table record_blocking_keys drop constraint record_blocking_keys_pkey;
      alter table record_blocking_keys add constraint record_blocking_keys_pkey primary key (key_hash, source, source_record_id);
      alter table record_blocking_keys drop column content_version;
    `);
  }
}
