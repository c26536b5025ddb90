import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { defaultRegionFrom } from '../../config';
import { HubError } from '../../errors/hub-error';
import { RESOLVE_FIELD_SET, resolveCsvFile, type OfflineResolutionSummary } from '../../modules/identity';
import { parseSourceRegion } from '../../modules/ingestion';
import { parseColumnMap } from '../../platform/csv-rows';
import { runWithoutConfig } from '../command-runner';
import { startFileProgress } from '../file-progress';
import { runResolveDryRun } from '../resolve-dry-run';

const collect = (value: string, previous: string[]) => [...previous, value];

const HELP = `
Resolves the records of a CSV file into profiles with the engine's default configuration, offline: no
database, no configuration but HUB_DEFAULT_REGION, nothing but the files named.

Input: a header row, then one record per row. A column named after a field is read as that field:
  ${RESOLVE_FIELD_SET.names.join(', ')}
--map reads another column as one of them; other columns are ignored with one warning. record_id is required
and must be unique. A nickname (a WeChat display name) is accepted and never compared: strangers share them.

Phones written without a country code are read in the row's own country (a country column: US, USA, United
States, 美国, …), else in --region, else in HUB_DEFAULT_REGION (CN when unset):
  hub resolve --input us-customers.csv --output clusters.csv --region US

Output: record_id,profile_id with one row per record, in input order. A profile_id is "p-" followed by the
smallest record_id of the profile (plain string order), so the same input gives the same ids.

--explain: left_record_id,right_record_id,decision,rule,probability,evidence, one row per applied link
(decision link) and per pair left for review (decision review); rule is score or identifier:<type>;
evidence is field:agreement:weight for each field both records have, separated by ";".

Prints one line on stdout:
  read <rows> records, <profiles> profiles (<merged> merged), <links> links, <reviews> for review, <skipped> skipped
where merged counts profiles of two or more records and skipped the rows left out (each reported on stderr by
line: cells that do not match the header, an empty record_id). When the model EM estimates from the file is not
about people (a different e-mail or phone costing a match nothing, as on a file with few duplicates), a warning
says so and the built-in start model scores the pairs. Broken CSV quoting and a repeated record_id
stop the run with the line (exit 2). The progress bar is drawn on stderr only when it is a terminal.

Example:
  hub resolve --input people.csv --output clusters.csv --map given_name=first_name --map surname=last_name

--dry-run works on the profile store instead (DATABASE_URL): every profile that other rules could change is
re-resolved in memory under --rules (JSON or a JSON file, the shape of HUB_IDENTITY_RULES) and compared with
the profiles as they are. It prints how many would merge and split, with examples, and changes nothing:
  hub resolve --dry-run --rules '{"thresholds": {"link": 0.9, "review": 0.5}}'
`;

export function registerResolveCommand(program: Command): void {
  program
    .command('resolve')
    .description('resolve the records of a CSV file into profiles, offline: record_id,profile_id per record')
    .option('--input <file>', 'CSV file, UTF-8, with a header row and a record_id column (required unless --dry-run)')
    .option('--output <file>', 'where to write record_id,profile_id (required unless --dry-run)')
    .option('--map <column=field>', 'read a column as a field (repeatable), e.g. --map given_name=first_name', collect, [])
    .option('--explain <file>', 'also write the applied links and review pairs with their evidence')
    .option('--region <CC>', "where phones without a country code are read when a row's country says nothing, e.g. US (default: HUB_DEFAULT_REGION)")
    .option('--dry-run', 'instead: re-resolve the profile store in memory and print what would merge or split; changes nothing')
    .option('--rules <json|file>', 'with --dry-run: identity rules to try (thresholds, identityRules, maxBlockSize, …)')
    .addHelpText('after', HELP)
    .action((options: { input?: string; output?: string; map: string[]; explain?: string; region?: string; dryRun?: boolean; rules?: string }) => {
      if (options.dryRun) return runResolveDryRun(options.rules);
      return runWithoutConfig(async () => {
        if (!options.input || !options.output) throw new HubError('BAD_USER_INPUT', '--input and --output are required (or --dry-run to preview identity rules on the store).');
        const { input, output } = options;
        const region = options.region === undefined ? defaultRegionFrom() : parseSourceRegion(options.region, '--region');
        let columnMap: Record<string, string>;
        let size: number;
        try {
          columnMap = parseColumnMap(options.map, RESOLVE_FIELD_SET);
          size = statSync(input).size;
        } catch (error) {
          throw new HubError('BAD_USER_INPUT', (error as Error).message);
        }
        const progress = startFileProgress('reading', size, 'bytes');
        const { summary, resolution } = await resolveCsvFile(
          { input, output, explain: options.explain },
          {
            columnMap,
            region,
            onProgress: (bytes) => progress.update(bytes),
            onIgnoredColumns: (columns) => progress.log(`warning: ignoring column(s) ${columns.join(', ')}; use --map column=field to read one as a field`),
            onSkippedRow: (line, reason) => progress.log(`line ${line}: skipped: ${reason}`),
            onResolving: (records) => {
              progress.stop();
              if (process.stderr.isTTY) process.stderr.write(`resolving ${records} records…\n`);
            },
          },
        ).finally(() => progress.stop());
        const rejected = resolution.stats.estimation?.rejected;
        if (rejected) process.stderr.write(`warning: the match model estimated from this file was not used (${rejected}); the built-in start model scored the pairs\n`);
        process.stdout.write(`${describeSummary(summary)}\n`);
      });
    });
}

function describeSummary(summary: OfflineResolutionSummary): string {
  return (
    `read ${summary.read} records, ${summary.profiles} profiles (${summary.merged} merged), ` +
    `${summary.links} links, ${summary.reviews} for review, ${summary.skipped} skipped`
  );
}
