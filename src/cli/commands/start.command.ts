import type { Command } from 'commander';
import { ensureDevelopmentKey } from '../../app/development-key';
import type { RunningDemo } from '../../app/demo-platforms';
import type { RunningHttpServer } from '../../app/http-server';
import { boundedStep } from '../../platform/bounded-step';
import { openRuntime, runCommand } from '../command-runner';
import { runWorker, serveApi } from '../hub-process';
import { shutdownSignal } from '../shutdown-signal';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('migrate, then serve the GraphQL API and run jobs in one process (embedded PostgreSQL when DATABASE_URL is unset)')
    .action(() =>
      runCommand(async ({ config, logger }) => {
        const runtime = await openRuntime(config, logger, { migrate: true });
        const { services } = runtime;
        let server: RunningHttpServer | undefined;
        let demo: RunningDemo | undefined;
        let handOffs: { close(): Promise<void> } | undefined;
        try {
          const key = await ensureDevelopmentKey(services.apiKeys, config.dataDir);
          handOffs = await runWorker(runtime);
          if (config.demo) {
            const { startDemo } = await import('../../app/demo-platforms.ts');
            demo = await startDemo(services, config.connections.importRoot);
            if (demo?.created) logger.info('demo: five emulated platforms connected and synced (HUB_DEMO=0 skips the demo)');
          }
          server = await serveApi(runtime);
          process.stdout.write(`GraphQL: ${server.url}\n`);
          process.stdout.write(`API key: ${key ?? '(keys exist already: use one from `hub apikey create`)'}\n`);
          process.stdout.write(
            `Try: curl -s ${server.url} -H 'Authorization: Bearer ${key ?? '<key>'}' -H 'Content-Type: application/json' -d '{"query":"{ profiles(first: 5) { totalCount edges { node { id sources traits { key value } } } } }"}'\n`,
          );
          await shutdownSignal();
          logger.info('shutting down');
        } finally {
          // Bounded like runtime.close's steps: after SIGTERM the process is gone within 10 s whatever the database does.
          if (server) await boundedStep('HTTP server', () => server!.stop(), 1_000, (message) => logger.warn(message));
          if (handOffs) await boundedStep('sync hand-over listener', () => handOffs!.close(), 500, (message) => logger.warn(message));
          await runtime.close();
          if (demo) await boundedStep('demo emulators', () => demo!.stop(), 500, (message) => logger.warn(message));
        }
      }),
    );
}
