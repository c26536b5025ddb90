import { Migration } from '@mikro-orm/migrations';

/**
 * Connections reach public https addresses only (issue 20). `demo_emulator` marks the built-in demo's own
 * connections to the emulators it serves on 127.0.0.1: only the hub's demo loader sets it (no API or CLI
 * input reaches it), and any other change of where such a connection goes clears it.
 */
export class Migration20261207200000_connection_hosts extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table connections add column demo_emulator boolean not null default false;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table connections drop column if exists demo_emulator;');
  }
}
