import type { Command } from 'commander';
import { cliActor } from '../../modules/audit';
import { runCommand, withHub } from '../command-runner';

export function registerSuppressionCommands(program: Command): void {
  const suppressions = program.command('suppressions').description('erased people whose records ingestion refuses, and lifting that');

  suppressions
    .command('list')
    .description('list suppressions, newest first: id, identifiers (hashed, not shown), since, receipt, reason [, lifted at]')
    .option('--all', 'also those already lifted', false)
    .action((options: { all: boolean }) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const rows = await services.suppressions.list({ includeLifted: options.all });
          if (rows.length === 0) process.stdout.write('no suppressions\n');
          for (const row of rows) {
            const columns = [row.id, `${row.identifierCount} identifier(s)`, row.createdAt.toISOString(), row.erasureReceiptId ?? '-', row.reason];
            if (row.liftedAt) columns.push(`lifted ${row.liftedAt.toISOString()}`);
            process.stdout.write(`${columns.join('\t')}\n`);
          }
        }),
      ),
    );

  suppressions
    .command('lift')
    .description("lift a suppression: the person's records are stored again by later syncs, pushes and imports")
    .argument('<id>', 'the suppression id (sup_…)')
    .action((id: string) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const lifted = await services.suppressions.lift(id);
          await services.audit.record({ actor: cliActor(), action: 'suppression.lift', targetIds: [lifted.id] });
          process.stdout.write(`lifted: ${lifted.id}\n`);
        }),
      ),
    );
}
