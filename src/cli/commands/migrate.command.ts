import type { Command } from 'commander';
import { runCommand, withHub } from '../command-runner';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (hub start does this too)')
    .action(() =>
      runCommand((environment) =>
        withHub(environment, { migrate: true }, async ({ appliedMigrations }) => {
          process.stdout.write(appliedMigrations.length ? `applied ${appliedMigrations.length} migration(s): ${appliedMigrations.join(', ')}\n` : 'database is up to date\n');
        }),
      ),
    );
}
