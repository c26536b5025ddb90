import { Migration } from '@mikro-orm/migrations';

/**
 * Sync runs hold a lease: the process executing a run renews `lease_expires_at` every few seconds, so a
 * run whose process died (SIGKILL, a lost machine) is seen by its expired lease and taken over from its
 * last checkpoint, or failed with the reason, instead of staying `running` for good. `lease_owner` says
 * which process holds it. Runs left `running` by a hub before this change get an expired lease: whoever
 * ran them is gone or will renew it at once.
 */
export class Migration20261207234000_sync_run_leases extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table sync_runs add column lease_owner text null, add column lease_expires_at timestamptz null;
      update sync_runs set lease_expires_at = now() where status = 'running';
      create index sync_runs_running_lease_idx on sync_runs (lease_expires_at) where status = 'running';
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists sync_runs_running_lease_idx; alter table sync_runs drop column if exists lease_owner, drop column if exists lease_expires_at;');
  }
}
