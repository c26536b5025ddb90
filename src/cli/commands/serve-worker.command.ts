import type { Command } from 'commander';
import { HubError } from '../../errors/hub-error';
import type { RunningHttpServer } from '../../app/http-server';
import { boundedStep } from '../../platform/bounded-step';
import { openRuntime, runCommand } from '../command-runner';
import { runWorker, serveApi } from '../hub-process';
import { shutdownSignal } from '../shutdown-signal';

const NEEDS_REDIS = 'set REDIS_URL (e.g. redis://127.0.0.1:6379), or use `hub start`, which serves the API and runs the jobs in one process without Redis.';

/** `hub serve` and `hub worker`: the API and the jobs in separate processes, scaled out on one Redis. */
export function registerServeAndWorkerCommands(program: Command): void {
  program
    .command('serve')
    .description('serve the GraphQL API only (jobs go to the BullMQ queue on REDIS_URL for `hub worker`s)')
    .addHelpText(
      'after',
      `
Requires REDIS_URL (exit 2 without it). Listens on HUB_HOST:HUB_PORT and prints, once it answers:
  GraphQL: <url>
Ctrl-C or SIGTERM stops it (exit 0). Syncs it queues run only where a \`hub worker\` runs on the same
REDIS_URL and HUB_QUEUE_PREFIX.
`,
    )
    .action(() =>
      runCommand(async ({ config, logger }) => {
        if (!config.redisUrl) throw new HubError('CONFIGURATION', `hub serve queues jobs for separate workers: ${NEEDS_REDIS}`);
        // Listening before start-up: a stop asked for while starting still ends cleanly.
        const stopped = shutdownSignal();
        const runtime = await openRuntime(config, logger, { migrate: false });
        let server: RunningHttpServer | undefined;
        try {
          server = await serveApi(runtime);
          process.stdout.write(`GraphQL: ${server.url}\n`);
          await stopped;
          logger.info('shutting down');
        } finally {
          if (server) await boundedStep('HTTP server', () => server!.stop(), 1_000, (message) => logger.warn(message));
          await runtime.close();
        }
      }),
    );

  program
    .command('worker')
    .description('run jobs (syncs, schedules) from the BullMQ queue on REDIS_URL; start as many as you need')
    .addHelpText(
      'after',
      `
Requires REDIS_URL (exit 2 without it). Re-queues runs a crash left behind, then takes jobs and prints:
  worker ready
Ctrl-C or SIGTERM gives running jobs a few seconds to commit, then stops it within 10 s (exit 0);
a sync cut short is taken over from its last checkpoint once its lease (HUB_SYNC_LEASE_MS) expires.
`,
    )
    .action(() =>
      runCommand(async ({ config, logger }) => {
        if (!config.redisUrl) throw new HubError('CONFIGURATION', `hub worker takes jobs from Redis: ${NEEDS_REDIS}`);
        const stopped = shutdownSignal();
        const runtime = await openRuntime(config, logger, { migrate: false });
        let handOffs: { close(): Promise<void> } | undefined;
        try {
          handOffs = await runWorker(runtime);
          process.stdout.write('worker ready\n');
          await stopped;
          logger.info('shutting down');
        } finally {
          if (handOffs) await boundedStep('sync hand-over listener', () => handOffs!.close(), 500, (message) => logger.warn(message));
          await runtime.close();
        }
      }),
    );
}
