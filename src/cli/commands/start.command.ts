import type { Command } from 'commander';
import { buildHubSchema } from '../../graphql/schema';
import { ensureDevelopmentKey } from '../../modules/auth/development-key';
import { loadDemoIfEmpty } from '../../modules/demo/demo-loader';
import { startHttpServer } from '../../platform/http/server';
import { openHub } from '../../platform/runtime';
import { runCommand } from '../command-runner';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('migrate, then serve the GraphQL API and run jobs in one process (embedded PostgreSQL when DATABASE_URL is unset)')
    .action(() =>
      runCommand(async ({ config, logger }) => {
        const runtime = await openHub(config, logger, { migrate: true });
        const { services } = runtime;
        let server: Awaited<ReturnType<typeof startHttpServer>> | undefined;
        try {
          if (config.demo) {
            const loaded = await loadDemoIfEmpty(services.database, services.ingestion);
            if (loaded > 0) logger.info({ recordCount: loaded }, 'demo data loaded (HUB_DEMO=0 skips it)');
          }
          const key = await ensureDevelopmentKey(services.apiKeys, config.dataDir);
          server = await startHttpServer(services, await buildHubSchema(), { host: config.host, port: config.port });
          process.stdout.write(`GraphQL: ${server.url}\n`);
          process.stdout.write(`API key: ${key ?? '(keys exist already: use one from `hub apikey create`)'}\n`);
          process.stdout.write(
            `Try: curl -s ${server.url} -H 'Authorization: Bearer ${key ?? '<key>'}' -H 'Content-Type: application/json' -d '{"query":"{ profiles(first: 5) { totalCount edges { node { id sources traits { key value } } } } }"}'\n`,
          );
          await shutdownSignal();
          logger.info('shutting down');
        } finally {
          await server?.stop();
          await runtime.close();
        }
      }),
    );
}

/**
 * Resolves on the first Ctrl-C or SIGTERM. The listeners stay installed (not `once`): libraries that
 * use signal-exit re-raise a signal that no one else listens to, which would kill us mid-shutdown.
 */
function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => resolve(signal));
  });
}
