import { statSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { HubError } from '../../errors/hub-error';
import { importCsvFile } from '../../modules/ingestion/csv-import';
import { parseColumnMap } from '../../modules/ingestion/csv-records';
import { runCommand, withHub } from '../command-runner';

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
          columnMap = parseColumnMap(options.map);
          size = statSync(file).size;
        } catch (error) {
          throw new HubError('BAD_USER_INPUT', (error as Error).message);
        }
        return withHub(environment, { migrate: false }, async ({ services }) => {
          const progress = new SingleBar({ format: 'importing [{bar}] {percentage}% | {value}/{total} bytes', stream: process.stderr }, Presets.shades_classic);
          progress.start(size, 0);
          const summary = await importCsvFile(services.ingestion, file, {
            source: options.source,
            columnMap,
            onProgress: (bytes) => progress.update(bytes),
            onIgnoredColumns: (columns) => process.stderr.write(`warning: ignoring column(s) ${columns.join(', ')}; use --map column=field or --map column=traits.<key> to keep them\n`),
            onRejection: (line, reason) => process.stderr.write(`line ${line}: rejected: ${reason}\n`),
          });
          progress.update(size);
          progress.stop();
          process.stdout.write(
            `read ${summary.read}, created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected}\n`,
          );
        });
      }),
    );
}
