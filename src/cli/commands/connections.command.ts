import type { Command } from 'commander';
import { connectors } from '../../../connectors/registry';
import type { Connector } from '../../../connectors/sdk';
import { runCommand, withHub } from '../command-runner';
import { oneLine } from '../one-line';
import { registerConnectionChanges } from './connection-changes.command';

export function registerConnectionCommands(program: Command): void {
  program
    .command('connectors')
    .description('connector types')
    .command('list')
    .description('list the connector types, their streams and their configuration fields')
    .addHelpText(
      'after',
      `
Prints one tab-separated line per connector type: type, title, streams, config fields.
  streams: "(full)" marks a stream read whole on every sync; the others read only what changed.
  fields:  "?" marks an optional field; "(secret)" a field stored encrypted and never shown again.
Example:
  shopify	Shopify	customers, orders	shopDomain, credentialKind?, accessToken? (secret), clientId?, clientSecret? (secret), refreshToken? (secret), apiVersion?, pageSize?, baseUrl?
`,
    )
    .action(() =>
      runCommand(async () => {
        for (const connector of connectors.values()) process.stdout.write(`${describeConnector(connector)}\n`);
      }),
    );

  const connections = program.command('connections').description('configured connections: list, create, update, delete, test, pause, resume');
  connections
    .command('list')
    .description('list connections with their status and last run')
    .addHelpText(
      'after',
      `
Prints one tab-separated line per connection, by name: id, name, connector, status, last run, reason.
  status:   active, paused or needs_attention (the reason column then says why)
  last run: "<status> <ISO time>" of the newest sync run, or "never"
With no connection, prints nothing on stdout and a hint on stderr.
Example:
  conn_01j…	shop	shopify	needs_attention	failed 2026-11-23T13:27:01.256Z	Shopify refused the access token (401…)
`,
    )
    .action(() =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const list = await services.connections.list();
          if (list.length === 0) {
            process.stderr.write('no connections yet: create one with `hub connections create` (or the GraphQL createConnection mutation); `hub connectors list` shows the types and their config fields\n');
            return;
          }
          const lastRuns = await services.syncRuns.latest(list.map((connection) => connection.id));
          for (const connection of list) {
            const last = lastRuns.get(connection.id);
            const lastRun = last ? `${last.status} ${(last.finishedAt ?? last.startedAt ?? last.queuedAt).toISOString()}` : 'never';
            const columns = [connection.id, connection.name, connection.connector, connection.status, lastRun, oneLine(connection.statusReason ?? '')];
            process.stdout.write(`${columns.join('\t')}\n`);
          }
        }),
      ),
    );

  registerConnectionChanges(connections);
}

/** type, title, streams, config fields: one tab-separated line. */
function describeConnector(connector: Connector): string {
  const { spec } = connector;
  // A connector's streams do not depend on its config yet; listing types has no config to give.
  const streamList = connector.streams({}).map((stream) => `${stream.name}${stream.incremental ? '' : ' (full)'}`).join(', ');
  const fields = spec.fields.map((field) => `${field.name}${field.required ? '' : '?'}${field.secret ? ' (secret)' : ''}`).join(', ');
  return [spec.type, spec.title, streamList, fields].join('\t');
}
