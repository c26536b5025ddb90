import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { connectors } from '../../../connectors/registry';
import { HubError } from '../../errors/hub-error';
import type { HubServices } from '../../services';
import { runCommand, withHub } from '../command-runner';
import { runWorker } from '../hub-process';

export function registerConnectionCommands(program: Command): void {
  program
    .command('connectors')
    .description('connector types')
    .command('list')
    .description('list the connector types and their configuration fields')
    .action(() =>
      runCommand(async () => {
        for (const { spec } of connectors.values()) {
          const fields = spec.fields.map((field) => `${field.name}${field.required ? '' : '?'}${field.secret ? ' (secret)' : ''}`).join(', ');
          process.stdout.write(`${spec.type}\t${spec.title}\t${fields}\n`);
        }
      }),
    );

  program
    .command('connections')
    .description('configured connections')
    .command('list')
    .description('list connections with their status and last run')
    .action(() =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const list = await services.connections.list();
          if (list.length === 0) process.stdout.write('no connections\n');
          for (const connection of list) {
            const [last] = await services.database.query<{ status: string; finished_at: string | null }>(
              'select status, finished_at from sync_runs where connection_id = $1 order by queued_at desc limit 1',
              [connection.id],
            );
            const lastRun = last ? `${last.status}${last.finished_at ? ` ${new Date(last.finished_at).toISOString()}` : ''}` : 'never run';
            const reason = connection.statusReason ? ` (${connection.statusReason})` : '';
            process.stdout.write(`${connection.id}\t${connection.name}\t${connection.connector}\t${connection.status}${reason}\t${lastRun}\n`);
          }
        }),
      ),
    );

  program
    .command('sync')
    .description('sync a connection now (by id or name); without REDIS_URL the run happens in this process')
    .argument('<connection>', 'connection id or name')
    .option('--full', 'ignore checkpoints and read everything again', false)
    .option('--follow', 'wait for the run to finish, with a progress bar', false)
    .action((name: string, options: { full: boolean; follow: boolean }) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async (runtime) => {
          const { services } = runtime;
          const connection = await services.connections.get(name);
          if (!connection) throw new HubError('BAD_USER_INPUT', `No connection ${name}; \`hub connections list\` shows them.`);
          const inProcess = !environment.config.redisUrl;
          if (inProcess) await runWorker(runtime);
          const run = await services.syncJobs.trigger(connection.id, { fullRefresh: options.full, trigger: 'manual' });
          process.stdout.write(`${run.created ? 'queued' : 'already active'}: ${run.runId}\n`);
          if (!options.follow && !inProcess) return 0;
          const status = await followRun(services, run.runId, connection.name);
          return status === 'succeeded' ? 0 : 1;
        }),
      ),
    );
}

/** Polls the run until it ends, showing records read so far; prints the per-stream counts. */
async function followRun(services: HubServices, runId: string, name: string): Promise<string> {
  const bar = new SingleBar({ format: `syncing ${name} | {value} records read | {status}`, stream: process.stderr }, Presets.shades_classic);
  bar.start(0, 0, { status: 'queued' });
  for (;;) {
    const [run] = await services.database.query<{ status: string; stream_stats: Record<string, Record<string, number>>; last_error: string | null }>(
      'select status, stream_stats, last_error from sync_runs where id = $1',
      [runId],
    );
    const read = Object.values(run.stream_stats).reduce((sum, stats) => sum + stats.read, 0);
    bar.setTotal(Math.max(read, 1));
    bar.update(read, { status: run.status });
    if (!['queued', 'running'].includes(run.status)) {
      bar.stop();
      for (const [stream, stats] of Object.entries(run.stream_stats)) {
        process.stdout.write(`${stream}: read ${stats.read}, created ${stats.created}, updated ${stats.updated}, unchanged ${stats.unchanged}, rejected ${stats.rejected}\n`);
      }
      process.stdout.write(`run ${runId} ${run.status}${run.last_error ? `: ${run.last_error}` : ''}\n`);
      return run.status;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
