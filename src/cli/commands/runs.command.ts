import type { Command } from 'commander';
import { HubError } from '../../errors/hub-error';
import { runCommand, withHub } from '../command-runner';
import { oneLine } from '../one-line';
import { countsText, sumCounts } from '../run-counts';

const MAX_FIRST = 1000;

export function registerRunCommands(program: Command): void {
  const runs = program.command('runs').description("sync runs: a connection's history, one run's counts and rejected rows");

  runs
    .command('list')
    .description("a connection's sync runs, newest first")
    .argument('<connection>', 'connection id or name')
    .option('--first <n>', `how many (1-${MAX_FIRST})`, '20')
    .addHelpText(
      'after',
      `
Prints one tab-separated line per run: id, status, trigger, queued at, finished at (or -), attempts,
read, created, updated, unchanged, rejected, suppressed, last error (or empty).
Exit codes: 0 (also with no runs: nothing on stdout, a hint on stderr), 1 no such connection, 2 bad --first.
Example (on the demo store):
  hub runs list demo-pos
`,
    )
    .action((name: string, options: { first: string }) =>
      runCommand((environment) => {
        const first = pageSize(options.first);
        return withHub(environment, { migrate: false }, async ({ services }) => {
          const connection = await services.connections.get(name);
          if (!connection) throw new HubError('NOT_FOUND', `No connection named or with id '${name}'; \`hub connections list\` shows them.`);
          const { rows, hasNextPage } = await services.syncRuns.page(connection.id, { first });
          if (rows.length === 0) process.stderr.write(`no runs of ${connection.name} yet: \`hub sync ${connection.name}\` starts one\n`);
          for (const run of rows) {
            const sums = sumCounts(Object.values(run.streamStats));
            const columns = [run.id, run.status, run.trigger, run.queuedAt.toISOString(), run.finishedAt?.toISOString() ?? '-', String(run.attempts)];
            columns.push(...[sums.read, sums.created, sums.updated, sums.unchanged, sums.rejected, sums.suppressed ?? 0].map(String), oneLine(run.lastError ?? ''));
            process.stdout.write(`${columns.join('\t')}\n`);
          }
          if (hasNextPage) process.stderr.write(`more runs exist: --first ${Math.min(MAX_FIRST, first * 2)} shows more\n`);
        });
      }),
    );

  runs
    .command('show')
    .description('one run: status, counts per stream, and its rejected rows by line, reason and field names')
    .argument('<run>', 'run id (run_…)')
    .option('--first <n>', `how many rejected rows (1-${MAX_FIRST})`, '100')
    .option('--show-rows', "also print each rejected row as the platform sent it (it holds customers' personal data)", false)
    .addHelpText(
      'after',
      `
stdout, one "key: value" line each: run, connection, status, trigger, full refresh, queued, started, finished,
attempts, last error; then "<stream>: read N, created N, updated N, unchanged N, rejected N, suppressed N" per
stream (", of T" where the platform reported a total), "rejected: N", and one line per rejected row:
  - <stream> line <L>: <reason> (fields: <the row's field names>)      (line "-" when the row has none)
      row: <the row as JSON>                                            (only with --show-rows)
Rejected rows are personal data: --show-rows prints them, so keep its output out of shared logs.
Exit codes: 0, 1 no such run, 2 bad --first.
`,
    )
    .action((runId: string, options: { first: string; showRows: boolean }) =>
      runCommand((environment) => {
        const first = pageSize(options.first);
        return withHub(environment, { migrate: false }, async ({ services }) => {
          const run = await services.syncRuns.byId(runId);
          if (!run) throw new HubError('NOT_FOUND', `No sync run ${runId}; \`hub runs list <connection>\` shows a connection's runs.`);
          const connection = await services.connections.get(run.connectionId);
          const iso = (date: Date | null) => date?.toISOString() ?? '-';
          const lines = [
            `run: ${run.id}`,
            `connection: ${run.connectionId}${connection ? ` (${connection.name})` : ''}`,
            `status: ${run.status}`,
            `trigger: ${run.trigger}`,
            `full refresh: ${run.fullRefresh ? 'yes' : 'no'}`,
            `queued: ${iso(run.queuedAt)}`,
            `started: ${iso(run.startedAt)}`,
            `finished: ${iso(run.finishedAt)}`,
            `attempts: ${run.attempts}`,
            `last error: ${run.lastError ? oneLine(run.lastError) : '-'}`,
          ];
          for (const [stream, stats] of Object.entries(run.streamStats).sort(([a], [b]) => a.localeCompare(b))) lines.push(`${stream}: ${countsText(stats, { withTotal: true })}`);
          const sums = sumCounts(Object.values(run.streamStats));
          lines.push(`rejected: ${sums.rejected}`);
          const rejections = (await services.syncRuns.rejections([run.id], { first })).get(run.id) ?? [];
          for (const rejection of rejections) {
            const raw = rejection.raw;
            const line = raw && typeof raw === 'object' && 'line' in raw ? String((raw as { line: unknown }).line) : '-';
            const fields = raw && typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw).filter((key) => key !== 'line') : [];
            lines.push(`- ${rejection.stream} line ${line}: ${oneLine(rejection.reason)}${fields.length > 0 ? ` (fields: ${fields.join(', ')})` : ''}`);
            if (options.showRows) lines.push(`    row: ${JSON.stringify(raw)}`);
          }
          process.stdout.write(`${lines.join('\n')}\n`);
          if (rejections.length < sums.rejected) process.stderr.write(`showing the first ${rejections.length} of ${sums.rejected} rejected rows: --first shows more\n`);
        });
      }),
    );
}

function pageSize(text: string): number {
  const first = Number(text);
  if (!/^\d+$/.test(text) || first < 1 || first > MAX_FIRST) throw new HubError('BAD_USER_INPUT', `--first must be a whole number from 1 to ${MAX_FIRST}, not '${text}'.`);
  return first;
}
