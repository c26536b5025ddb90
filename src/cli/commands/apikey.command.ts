import type { Command } from 'commander';
import { SCOPES } from '../../modules/auth';
import { cliActor, fieldNames } from '../../modules/audit';
import { runCommand, withHub } from '../command-runner';
import { commaList } from '../comma-list';

export function registerApiKeyCommand(program: Command): void {
  const apikey = program.command('apikey').description('create, list and revoke API keys');

  apikey
    .command('create')
    .description('create an API key; the key is printed once and stored only as a hash')
    .requiredOption('--scopes <scopes>', `comma-separated scopes: ${SCOPES.join(', ')}`)
    .option('--name <name>', 'what the key is for', 'unnamed')
    .option('--rate <perMinute>', "this key's own rate limit in requests per minute (default: HUB_RATE_LIMIT_PER_MINUTE)", wholeNumber)
    .option('--max-cost <cost>', "this key's own cost budget per GraphQL request (default: HUB_MAX_QUERY_COST)", wholeNumber)
    .action((options: { scopes: string; name: string; rate?: number; maxCost?: number }) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const scopes = commaList(options.scopes);
          const { apiKey, key } = await services.apiKeys.create(options.name, scopes, { rateLimitPerMinute: options.rate, maxQueryCost: options.maxCost });
          await services.audit.record({ actor: cliActor(), action: 'apikey.create', targetIds: [apiKey.id], fields: fieldNames({ name: options.name, scopes, rateLimitPerMinute: options.rate, maxQueryCost: options.maxCost }) });
          const limits = `rate: ${apiKey.rateLimitPerMinute ?? 'default'}/min\nmax cost: ${apiKey.maxQueryCost ?? 'default'}\n`;
          process.stdout.write(`id: ${apiKey.id}\nscopes: ${apiKey.scopes.join(',')}\n${limits}API key: ${key}\n`);
        }),
      ),
    );

  apikey
    .command('list')
    .description('list API keys (ids, names, scopes; never the keys)')
    .action(() =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const keys = await services.apiKeys.list();
          if (keys.length === 0) process.stdout.write('no API keys\n');
          for (const key of keys) {
            const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
            process.stdout.write(`${key.id}\t${key.prefix}…\t${key.name}\t${key.scopes.join(',')}\t${state}\n`);
          }
        }),
      ),
    );

  apikey
    .command('revoke')
    .description('revoke an API key by id (takes effect within 5 seconds on every API process)')
    .argument('<id>', 'the key id, e.g. key_01j…')
    .action((id: string) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const key = await services.apiKeys.revoke(id);
          await services.audit.record({ actor: cliActor(), action: 'apikey.revoke', targetIds: [key.id] });
          process.stdout.write(`revoked ${key.id}\n`);
        }),
      ),
    );
}

/** Commander's parser for a numeric option; the service says what is wrong with a value that is not a whole number. */
function wholeNumber(value: string): number {
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
}
