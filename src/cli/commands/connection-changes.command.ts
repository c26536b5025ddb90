import type { Command } from 'commander';
import { HubError } from '../../errors/hub-error';
import type { HubServices } from '../../app/services';
import { cliActor, fieldNames } from '../../modules/audit';
import type { ConnectionRow } from '../../modules/sync';
import { runCommand, withHub } from '../command-runner';
import { readConnectionConfig, type ConfigSources } from '../connection-input';
import { oneLine } from '../one-line';

const collect = (value: string, previous: string[]) => [...previous, value];

const CONFIG_HELP = `
Config: --config takes a JSON object (what \`hub emulate\` prints) or one key=value pair, and may be repeated;
key=value text is read as the field's type (number, true/false). \`hub connectors list\` names each type's fields.
Secrets (fields marked "(secret)"): give them with --secrets-stdin (a JSON object or key=value lines on stdin)
or --secrets-file <path> (the same, in a file), so they stay out of shell history and the process list. A
secret given in --config is accepted, with a warning. No secret is ever printed, logged or put in a message.
stdout: "<verb>: <id>", then name, connector, status, schedule, region and config (secrets as ••••••),
one "key: value" line each.
Exit codes: 0 done, 1 no such connection or a conflict, 2 bad input (the message names the field, never its
value), 75 the store is unavailable.
`;

/** `hub connections create|update|delete|test|pause|resume`: the ConnectionService the GraphQL mutations use, audited alike. */
export function registerConnectionChanges(connections: Command): void {
  connections
    .command('create')
    .description('configure a connection to a platform (checked like createConnection: fields, destinations, schedule)')
    .argument('<name>', "the connection's name, also the source name of its records, e.g. shop")
    .requiredOption('--connector <type>', 'connector type (`hub connectors list`)')
    .option('--config <json|key=value>', 'config fields: a JSON object or one key=value pair (repeatable)', collect, [])
    .option('--secrets-stdin', 'read secret fields from stdin (JSON object or key=value lines)')
    .option('--secrets-file <path>', 'read secret fields from a file (JSON object or key=value lines)')
    .option('--schedule <schedule>', 'sync on a schedule, e.g. "every 15m" or a five-field cron pattern such as "0 3 * * *" (default: manual syncs only)')
    .option('--region <CC>', "where phones without a country code are read when a record's country says nothing (default: HUB_DEFAULT_REGION)")
    .option('--paused', 'create it paused (no syncs until `hub connections resume`)', false)
    .addHelpText(
      'after',
      `${CONFIG_HELP}Examples (the demo's emulators listen on 127.0.0.1: a hub reaches them with HUB_CONNECTOR_ALLOW_PRIVATE=true):
  hub connections create shop --connector shopify --config '{"shopDomain":"hub-emulated.myshopify.com","baseUrl":"http://127.0.0.1:4010","accessToken":"shpat_…"}'
  printf 'accessToken=%s\\n' "$SHOPIFY_TOKEN" | hub connections create shop --connector shopify --config shopDomain=my-store.myshopify.com --secrets-stdin
`,
    )
    .action((name: string, options: ConfigSources & { connector: string; schedule?: string; region?: string; paused: boolean }) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const spec = services.connections.connector(options.connector).spec;
          const { config, secretsOnCommandLine } = await readConnectionConfig(spec, options);
          warnSecretsOnCommandLine(secretsOnCommandLine);
          const input = { name, connector: options.connector, config: config ?? {}, schedule: options.schedule, region: options.region, enabled: options.paused ? false : undefined };
          const connection = await services.connections.create(input);
          await services.audit.record({ actor: cliActor(), action: 'connection.create', targetIds: [connection.id], fields: fieldNames(input) });
          printConnection(services, 'created', connection);
          process.stderr.write(`hub: next: \`hub connections test ${connection.name}\`, then \`hub sync ${connection.name}\`\n`);
        }),
      ),
    );

  connections
    .command('update')
    .description('change the given fields of a connection (checked like updateConnection; a secret left out keeps its stored value)')
    .argument('<connection>', 'connection id or name')
    .option('--config <json|key=value>', 'config fields to change: a JSON object or one key=value pair (repeatable)', collect, [])
    .option('--secrets-stdin', 'read secret fields from stdin (JSON object or key=value lines)')
    .option('--secrets-file <path>', 'read secret fields from a file (JSON object or key=value lines)')
    .option('--schedule <schedule>', 'a new schedule')
    .option('--clear-schedule', 'remove the schedule (manual syncs only)', false)
    .option('--region <CC>', 'a new region for phones without a country code')
    .option('--default-region', "use the hub's default region (HUB_DEFAULT_REGION) again", false)
    .addHelpText(
      'after',
      `${CONFIG_HELP}A change of a destination field (baseUrl, shopDomain, folder, …) must carry every secret again: stored
secrets never go to a new destination.
Examples:
  hub connections update shop --config pageSize=50 --schedule "every 30m"
  hub connections update shop --secrets-file ./shop-token.env
`,
    )
    .action((id: string, options: ConfigSources & { schedule?: string; clearSchedule: boolean; region?: string; defaultRegion: boolean }) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          if (options.schedule !== undefined && options.clearSchedule) throw new HubError('BAD_USER_INPUT', 'Give --schedule or --clear-schedule, not both.');
          if (options.region !== undefined && options.defaultRegion) throw new HubError('BAD_USER_INPUT', 'Give --region or --default-region, not both.');
          const existing = await requireConnection(services, id);
          const spec = services.connections.connector(existing.connector).spec;
          const { config, secretsOnCommandLine } = await readConnectionConfig(spec, options);
          warnSecretsOnCommandLine(secretsOnCommandLine);
          const changes = {
            config,
            schedule: options.clearSchedule ? null : options.schedule,
            region: options.defaultRegion ? null : options.region,
          };
          if (Object.values(changes).every((value) => value === undefined)) {
            throw new HubError('BAD_USER_INPUT', 'Nothing to change: give --config, --secrets-stdin, --secrets-file, --schedule, --clear-schedule, --region or --default-region.');
          }
          const connection = await services.connections.update(existing.id, changes);
          await services.audit.record({ actor: cliActor(), action: 'connection.update', targetIds: [connection.id], fields: fieldNames(changes) });
          printConnection(services, 'updated', connection);
        }),
      ),
    );

  connections
    .command('delete')
    .description('delete a connection with its runs and checkpoints (not the records it brought in)')
    .argument('<connection>', 'connection id or name')
    .addHelpText('after', '\nstdout: "deleted: <id>". Exit codes: 0 deleted, 1 no such connection.\n')
    .action((id: string) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const connection = await services.connections.remove((await requireConnection(services, id)).id);
          await services.audit.record({ actor: cliActor(), action: 'connection.delete', targetIds: [connection.id] });
          process.stdout.write(`deleted: ${connection.id}\n`);
        }),
      ),
    );

  connections
    .command('test')
    .description("ask the platform whether the stored config can connect (testConnection); changes nothing")
    .argument('<connection>', 'connection id or name')
    .addHelpText(
      'after',
      `
stdout: "ok" or "failed: <reason>", then one line per named check: "check <name>: <pass|warn|fail>: <detail>".
Exit codes: 0 it connects, 1 it does not (or no such connection).
Example (on the demo store):
  hub connections test demo-shopify
`,
    )
    .action((id: string) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const result = await services.connections.test((await requireConnection(services, id)).id);
          process.stdout.write(result.ok ? 'ok\n' : `failed: ${oneLine(result.reason ?? 'unknown reason')}\n`);
          for (const check of result.checks) process.stdout.write(`check ${check.name}: ${check.status}: ${oneLine(check.detail)}\n`);
          return result.ok ? 0 : 1;
        }),
      ),
    );

  for (const [verb, enabled] of [['pause', false], ['resume', true]] as const) {
    connections
      .command(verb)
      .description(enabled ? 'let a paused connection sync again (its schedule resumes)' : 'stop a connection syncing: no scheduled or manual syncs until resumed')
      .argument('<connection>', 'connection id or name')
      .addHelpText('after', `\nstdout: "${verb}d: <id>" and the connection's fields. Exit codes: 0 done, 1 no such connection.\n`)
      .action((id: string) =>
        runCommand((environment) =>
          withHub(environment, { migrate: false }, async ({ services }) => {
            const connection = await services.connections.update((await requireConnection(services, id)).id, { enabled });
            await services.audit.record({ actor: cliActor(), action: `connection.${verb}`, targetIds: [connection.id], fields: ['enabled'] });
            printConnection(services, `${verb}d`, connection);
          }),
        ),
      );
  }
}

async function requireConnection(services: HubServices, idOrName: string): Promise<ConnectionRow> {
  const connection = await services.connections.get(idOrName);
  if (!connection) throw new HubError('NOT_FOUND', `No connection named or with id '${idOrName}'; \`hub connections list\` shows them.`);
  return connection;
}

function warnSecretsOnCommandLine(fields: string[]): void {
  if (fields.length === 0) return;
  process.stderr.write(`hub: warning: secret field(s) ${fields.join(', ')} given on the command line, where shell history and the process list keep them; --secrets-stdin or --secrets-file keep them out\n`);
}

function printConnection(services: HubServices, verb: string, connection: ConnectionRow): void {
  const lines = [
    `${verb}: ${connection.id}`,
    `name: ${connection.name}`,
    `connector: ${connection.connector}`,
    `status: ${connection.status}${connection.statusReason ? ` (${oneLine(connection.statusReason)})` : ''}`,
    `schedule: ${connection.schedule ?? 'none (manual syncs only)'}`,
    `region: ${connection.region ?? 'default (HUB_DEFAULT_REGION)'}`,
    `config: ${JSON.stringify(services.connections.redactedConfig(connection))}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
