import { Migration } from '@mikro-orm/migrations';

/**
 * The audit log (issue 20): who changed what, when. Entries hold the actor (an API key's name, or `cli:<user>`),
 * the action and the ids and field names touched, never values or secrets, so an erasure has nothing to remove
 * here. Read newest first, filtered by action, actor or time.
 */
export class Migration20261207220000_audit_log extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table audit_log (
        id text primary key,
        at timestamptz not null default clock_timestamp(),
        actor text not null,
        action text not null,
        target_ids text[] not null default '{}',
        fields text[] not null default '{}'
      );
      create index audit_log_at on audit_log (at desc, id desc);
      create index audit_log_action_at on audit_log (action, at desc, id desc);
      create index audit_log_actor_at on audit_log (actor, at desc, id desc);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists audit_log;');
  }
}
