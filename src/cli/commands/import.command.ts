import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { HubError } from '../../errors/hub-error';
import { CANONICAL_FIELD_SET, importCsvFile, parseSourceRegion } from '../../modules/ingestion';
import { parseColumnMap } from '../../platform/csv-rows';
import { runCommand, withHub } from '../command-runner';
import { countDataRows, startFileProgress } from '../file-progress';

const collect = (value: string, previous: string[]) => [...previous, value];

const HELP = `
Phones written without a country code are read in the row's own country (a country column: US, USA, United
States, 美国, …), else in --region, else in HUB_DEFAULT_REGION. Each record keeps the region it was read in, and
is read in it again whenever it is resolved later. Example, a US store's export:
  hub import customers.csv --source us-shop --region US
`;

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('import customers from a CSV file with a header row (canonical column names, or --map)')
    .argument('<file>', 'CSV file, UTF-8')
    .requiredOption('--source <name>', 'the system the rows come from, e.g. pos')
    .option('--map <column=field>', 'read a column as a canonical field or traits.<key> (repeatable)', collect, [])
    .option('--region <CC>', "where phones without a country code are read when a row's country says nothing, e.g. US (default: HUB_DEFAULT_REGION)")
    .addHelpText('after', HELP)
    .action((file: string, options: { source: string; map: string[]; region?: string }) =>
      runCommand((environment) => {
        let columnMap: Record<string, string>;
        const region = options.region === undefined ? undefined : parseSourceRegion(options.region, '--region');
        try {
          columnMap = parseColumnMap(options.map, CANONICAL_FIELD_SET);
          // A missing or unreadable file is bad input, told before the store is opened.
          statSync(file);
        } catch (error) {
          throw new HubError('BAD_USER_INPUT', (error as Error).message);
        }
        return withHub(environment, { migrate: false }, async ({ services }) => {
          const progress = startFileProgress('importing', process.stderr.isTTY ? await countDataRows(file) : 0);
          const summary = await importCsvFile(services.ingestion, file, {
            source: options.source,
            region,
            columnMap,
            onProgress: (_bytes, rows) => progress.update(rows),
            onIgnoredColumns: (columns) => progress.log(`warning: ignoring column(s) ${columns.join(', ')}; use --map column=field or --map column=traits.<key> to keep them`),
            onRejection: (line, reason) => progress.log(`line ${line}: rejected: ${reason}`),
          });
          progress.stop();
          process.stdout.write(
            `read ${summary.read}, created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected}, suppressed ${summary.suppressed}\n`,
          );
        });
      }),
    );
}
