import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { connectors } from '../../../connectors/registry';
import type { Connector } from '../../../connectors/sdk';
import { HubError } from '../../errors/hub-error';
import type { StreamStats, SyncRunRow } from '../../modules/sync';
import type { HubServices } from '../../app/services';
import { cliActor } from '../../modules/audit';
import { runCommand, withHub } from '../command-runner';
import { oneLine } from '../one-line';

const POLL_MS = 250;
/** Without a terminal, a progress line is written when the status changes, and otherwise at most this often. */
const LOG_PROGRESS_EVERY_MS = 10_000;
const ACTIVE = ['queued', 'running'];

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

  program
    .command('connections')
    .description('configured connections')
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
            process.stderr.write('no connections yet: create one with the GraphQL createConnection mutation; `hub connectors list` shows the types and their config fields\n');
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

  program
    .command('sync')
    .description('sync a connection now (by id or name); without REDIS_URL the run happens in this process')
    .argument('<connection>', 'connection id or name')
    .option('--full', 'ignore checkpoints and read everything again', false)
    .option('--follow', 'with REDIS_URL: wait for a `hub worker` to finish the run, showing progress', false)
    .addHelpText(
      'after',
      `
Without REDIS_URL the run happens in this process and the command always waits for it. With REDIS_URL it
is queued for the \`hub worker\`s and the command returns at once, unless --follow.

stdout:
  queued: <run id>                     (or "already queued: …" / "already running: …" when a run of the
                                        connection was active; that run is the one followed)
  <stream>: read N, created N, updated N, unchanged N, rejected N, suppressed N     (one line per stream, when waiting)
  <status>: read N, created N, updated N, unchanged N, rejected N, suppressed N     (the totals; status succeeded or failed)
  (suppressed: records of erased people, not stored; \`hub suppressions list\`)
stderr: progress ("<connection>: <status>, N records read"; a live line on a terminal, otherwise one line
  per status change and at most one every ${LOG_PROGRESS_EVERY_MS / 1000} s), how many records were rejected (the
  reasons are in GraphQL, not printed), and why a run failed.
Exit codes: 0 succeeded (or queued, without waiting), 1 the run failed or no such connection, 2 bad usage.
A run interrupted (Ctrl-C) is resumed from its last checkpoint by the next \`hub sync\`, \`hub start\` or \`hub worker\`.
`,
    )
    .action((name: string, options: { full: boolean; follow: boolean }) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const connection = await services.connections.get(name);
          if (!connection) throw new HubError('NOT_FOUND', `No connection named or with id '${name}'; \`hub connections list\` shows them.`);
          const inProcess = !environment.config.redisUrl;
          // Only this connection's run executes here: runs of other connections are left to the hub process that owns them.
          if (inProcess) await services.queue.startWorker(services.syncJobs.handlers());
          const { runId, created } = await services.syncJobs.trigger(connection.id, { fullRefresh: options.full, trigger: 'manual' });
          await services.audit.record({ actor: cliActor(), action: 'sync.trigger', targetIds: [connection.id, runId], fields: options.full ? ['full'] : [] });
          const active = created ? undefined : await services.syncRuns.byId(runId);
          process.stdout.write(`${created ? 'queued' : `already ${active?.status ?? 'queued'}`}: ${runId}\n`);
          if (options.full && active && !active.fullRefresh) process.stderr.write(`hub: --full not applied: a run of ${connection.name} was already active; sync again with --full when it ends\n`);
          if (!options.follow && !inProcess) return 0;

          const run = await followRun(services, runId, connection.name);
          const order = streamOrder(connection.connector);
          const streams = Object.entries(run.streamStats).sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b));
          for (const [stream, stats] of streams) process.stdout.write(`${stream}: ${counts(stats)}\n`);
          const totals = total(streams.map(([, stats]) => stats));
          process.stdout.write(`${run.status}: ${counts(totals)}\n`);
          if (totals.rejected > 0) {
            // Reasons can name a customer's identifiers (WeChat openids, masked phones): they stay behind the API's scopes, out of CI logs.
            process.stderr.write(`hub: ${totals.rejected} record(s) rejected; GraphQL syncRun(id: "${runId}") { rejections { edges { node { stream reason } } } } says why\n`);
          }
          if (run.status === 'succeeded') return 0;
          process.stderr.write(`hub: sync of ${connection.name} ${run.status}${run.lastError ? `: ${oneLine(run.lastError)}` : ''}\n`);
          const after = await services.connections.get(connection.id);
          if (after?.status === 'needs_attention') {
            process.stderr.write(`hub: ${connection.name} needs attention: correct its config (GraphQL updateConnection), then run \`hub sync ${connection.name}\` again\n`);
          }
          return 1;
        }),
      ),
    );
}

/** type, title, streams, config fields: one tab-separated line. */
function describeConnector(connector: Connector): string {
  const { spec } = connector;
  // A connector's streams do not depend on its config yet; listing types has no config to give.
  const streamList = connector.streams({}).map((stream) => `${stream.name}${stream.incremental ? '' : ' (full)'}`).join(', ');
  const fields = spec.fields.map((field) => `${field.name}${field.required ? '' : '?'}${field.secret ? ' (secret)' : ''}`).join(', ');
  return [spec.type, spec.title, streamList, fields].join('\t');
}

function streamOrder(connectorType: string): (stream: string) => number {
  const names = connectors.get(connectorType)?.streams({}).map((stream) => stream.name) ?? [];
  return (stream) => (names.includes(stream) ? names.indexOf(stream) : names.length);
}

function counts(stats: StreamStats): string {
  return `read ${stats.read}, created ${stats.created}, updated ${stats.updated}, unchanged ${stats.unchanged}, rejected ${stats.rejected}, suppressed ${stats.suppressed ?? 0}`;
}

function total(all: StreamStats[]): StreamStats {
  const sum = (key: keyof StreamStats) => all.reduce((result, stats) => result + (stats[key] ?? 0), 0);
  return { read: sum('read'), created: sum('created'), updated: sum('updated'), unchanged: sum('unchanged'), rejected: sum('rejected'), suppressed: sum('suppressed') };
}

/** Polls the run until it ends, reporting progress on stderr; answers the finished run. */
async function followRun(services: HubServices, runId: string, name: string): Promise<SyncRunRow> {
  const progress = progressReporter(name);
  try {
    for (;;) {
      const run = await services.syncRuns.byId(runId);
      if (!run) throw new HubError('NOT_FOUND', `Run ${runId} is gone: its connection was deleted while it ran.`);
      progress.update(run);
      if (!ACTIVE.includes(run.status)) return run;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    progress.stop();
  }
}

/** A live line on a terminal; plain lines, few of them, in logs and pipes. */
function progressReporter(name: string): { update(run: SyncRunRow): void; stop(): void } {
  const describe = (run: SyncRunRow) => {
    const read = total(Object.values(run.streamStats)).read;
    const retrying = run.attempts > 1 && run.lastError ? `, attempt ${run.attempts} after: ${oneLine(run.lastError)}` : '';
    return { read, status: `${run.status}${retrying}` };
  };
  if (process.stderr.isTTY) {
    // linewrap: true trims the line to the terminal's width instead of switching wrapping off, which a Ctrl-C would leave off.
    const bar = new SingleBar({ format: `${name}: {status}, {value} records read`, stream: process.stderr, linewrap: true }, Presets.shades_classic);
    let started = false;
    return {
      update(run) {
        const { read, status } = describe(run);
        if (!started) bar.start(Number.MAX_SAFE_INTEGER, read, { status });
        started = true;
        bar.update(read, { status });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastStatus: string | undefined;
  let lastRead = -1;
  let lastWrittenAt = 0;
  return {
    update(run) {
      const { read, status } = describe(run);
      const due = read !== lastRead && Date.now() - lastWrittenAt >= LOG_PROGRESS_EVERY_MS;
      if (status === lastStatus && !due) return;
      process.stderr.write(`${name}: ${status}, ${read} records read\n`);
      lastStatus = status;
      lastRead = read;
      lastWrittenAt = Date.now();
    },
    stop() {},
  };
}
