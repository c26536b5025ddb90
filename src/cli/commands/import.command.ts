import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { HubError } from '../../errors/hub-error';
import { CANONICAL_FIELD_SET, importCsvFile } from '../../modules/ingestion';
import { parseColumnMap } from '../../platform/csv-rows';
import { runCommand, withHub } from '../command-runner';
import { startFileProgress } from '../file-progress';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('import customers from a CSV file with a header row (canonical column names, or --map)')
    .argument('<file>', 'CSV file, UTF-8')
    .requiredOption('--source <name>', 'the system the rows come from, e.g. pos')
    .option('--map <column=field>', 'read a column as a canonical field or traits.<key> (repeatable)', collect, [])
    .action((file: string, options: { source: string; map: string[] }) =>
      runCommand((environment) => {
        let columnMap: Record<string, string>;
        let size: number;
        try {
          columnMap = parseColumnMap(options.map, CANONICAL_FIELD_SET);
          size = statSync(file).size;
        } catch (error) {
          throw new HubError('BAD_USER_INPUT', (error as Error).message);
        }
        return withHub(environment, { migrate: false }, async ({ services }) => {
          const progress = startFileProgress('importing', size);
          const summary = await importCsvFile(services.ingestion, file, {
            source: options.source,
            columnMap,
            onProgress: (bytes) => progress.update(bytes),
            onIgnoredColumns: (columns) => progress.log(`warning: ignoring column(s) ${columns.join(', ')}; use --map column=field or --map column=traits.<key> to keep them`),
            onRejection: (line, reason) => progress.log(`line ${line}: rejected: ${reason}`),
          });
          progress.stop();
          process.stdout.write(
            `read ${summary.read}, created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected}\n`,
          );
        });
      }),
    );
}
