import type { Command } from 'commander';
import { HubError } from '../../errors/hub-error';
import { openHub } from '../../platform/runtime';
import { runCommand } from '../command-runner';
import { runWorker, serveApi, shutdownSignal } from '../hub-process';

/** `hub serve` and `hub worker`: the API and the jobs in separate processes, scaled out on one Redis. */
export function registerServeAndWorkerCommands(program: Command): void {
  program
    .command('serve')
    .description('serve the GraphQL API only (jobs go to the BullMQ queue on REDIS_URL for `hub worker`s)')
    .action(() =>
      runCommand(async ({ config, logger }) => {
        if (!config.redisUrl) throw new HubError('CONFIGURATION', 'hub serve queues jobs for separate workers: set REDIS_URL, or use `hub start` to run the API and the jobs in one process.');
        const runtime = await openHub(config, logger, { migrate: false });
        const server = await serveApi(runtime).catch(async (error) => {
          await runtime.close();
          throw error;
        });
        process.stdout.write(`GraphQL: ${server.url}\n`);
        await shutdownSignal();
        await server.stop();
        await runtime.close();
      }),
    );

  program
    .command('worker')
    .description('run jobs (syncs, schedules) from the BullMQ queue on REDIS_URL; start as many as you need')
    .action(() =>
      runCommand(async ({ config, logger }) => {
        if (!config.redisUrl) throw new HubError('CONFIGURATION', 'hub worker takes jobs from Redis: set REDIS_URL, or use `hub start`, which runs jobs in-process.');
        const runtime = await openHub(config, logger, { migrate: false });
        try {
          await runWorker(runtime);
          process.stdout.write('worker ready\n');
          await shutdownSignal();
        } finally {
          await runtime.close();
        }
      }),
    );
}
