import type { Command } from 'commander';
import { connectors } from '../../../connectors/registry';
import { HubError } from '../../errors/hub-error';
import type { StreamStats, SyncRunRow } from '../../modules/sync';
import type { HubServices } from '../../app/services';
import { cliActor } from '../../modules/audit';
import { runCommand, withHub } from '../command-runner';
import { oneLine } from '../one-line';
import { countsText, sumCounts } from '../run-counts';
import { LOG_PROGRESS_EVERY_MS, startRunProgress } from '../sync-progress';
import { writeStderrLine } from '../stderr-lines';

const POLL_MS = 250;
/** A handed-over run still queued after this long is announced again (a notification the hub process missed). */
const ANNOUNCE_AGAIN_MS = 5_000;
const ACTIVE = ['queued', 'running'];
const NO_STATS: StreamStats = { read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, suppressed: 0 };

/** Where the run executes: the BullMQ workers (REDIS_URL), the hub process running on this store, or this process. */
type Executor = 'queue' | 'hub-process' | 'here';

export function registerSyncCommand(program: Command): void {
  program
    .command('sync')
    .description('sync a connection now (by id or name): on the REDIS_URL queue, else in a running hub process, else in this process')
    .argument('<connection>', 'connection id or name')
    .option('--full', 'ignore checkpoints and read everything again', false)
    .option('--follow', 'with REDIS_URL: wait for a `hub worker` to finish the run, showing progress', false)
    .addHelpText(
      'after',
      `
Where the run executes:
  - with REDIS_URL: queued for the \`hub worker\`s; the command returns at once, unless --follow;
  - else, when a \`hub start\` (or \`hub worker\`) runs on the same store: handed to it, and followed here until it
    ends (Ctrl-C stops following, not the run);
  - else in this process, and the command waits for it.
A run another process is executing is followed, never executed here. A run is attempted at most 5 times in all.

stdout:
  queued: <run id>                     (or "already queued: …" / "already running: …" when a run of the
                                        connection was active; that run is the one followed)
  <stream>: read N, created N, updated N, unchanged N, rejected N, suppressed N     (one line per stream of the
                                        connector, 0s when it had nothing new; when waiting)
  <status>: read N, created N, updated N, unchanged N, rejected N, suppressed N     (the totals; status succeeded or failed)
  (suppressed: records of erased people, not stored; \`hub suppressions list\`)
stderr: progress: "<connection>: <status>, N records read, <stream> n/total (p%), R records/s, ETA …" (the
  total where the platform reports one: Shopify, WeChat, Zoho; rate and ETA once measurable). On a terminal a live
  line with a bar, log lines above it; otherwise one line per change of status or stream and at most one every
  ${LOG_PROGRESS_EVERY_MS / 1000} s. Then how many records were rejected (\`hub runs show <run id>\` says why) and why a run failed.
Exit codes: 0 succeeded (or queued, without waiting), 1 the run failed or no such connection, 2 bad usage,
  75 the store is unavailable.
A run interrupted (Ctrl-C) is resumed from its last checkpoint by the next \`hub sync\`, \`hub start\` or \`hub worker\`.
Example (on the demo store):
  hub sync demo-pos
`,
    )
    .action((name: string, options: { full: boolean; follow: boolean }) =>
      runCommand((environment) =>
        withHub(environment, { migrate: false }, async ({ services }) => {
          const connection = await services.connections.get(name);
          if (!connection) throw new HubError('NOT_FOUND', `No connection named or with id '${name}'; \`hub connections list\` shows them.`);
          const executor: Executor = environment.config.redisUrl ? 'queue' : (await services.syncJobs.executorListening()) ? 'hub-process' : 'here';
          const trigger = { fullRefresh: options.full, trigger: 'manual' };
          let queued: Awaited<ReturnType<HubServices['syncJobs']['trigger']>>;
          if (executor === 'queue') queued = await services.syncJobs.trigger(connection.id, trigger);
          else if (executor === 'hub-process') queued = await services.syncJobs.handOff(connection.id, trigger);
          else queued = await services.syncJobs.triggerUnlessHeld(connection.id, trigger);
          const { runId, created } = queued;
          await services.audit.record({ actor: cliActor(), action: 'sync.trigger', targetIds: [connection.id, runId], fields: options.full ? ['full'] : [] });
          const active = created ? undefined : await services.syncRuns.byId(runId);
          process.stdout.write(`${created ? 'queued' : `already ${active?.status ?? 'queued'}`}: ${runId}\n`);
          if (options.full && active && !active.fullRefresh) writeStderrLine(`hub: --full not applied: a run of ${connection.name} was already active; sync again with --full when it ends`);
          if (executor === 'queue' && !options.follow) return 0;
          // Started once the run's state is printed, so the line says what was found, not what this worker made of it.
          // Only this connection's run executes here: runs of other connections are left to the hub process that owns them.
          if (executor === 'here') await services.queue.startWorker(services.syncJobs.handlers());
          if (executor === 'hub-process') writeStderrLine(`hub: a hub process runs on this store: the run is handed to it and followed here (Ctrl-C stops following, not the run)`);

          const streamNames = connectors.get(connection.connector)?.streams({}).map((stream) => stream.name) ?? [];
          const announceAgain = executor === 'hub-process' ? () => services.syncJobs.announce(queued) : undefined;
          const run = await followRun(services, runId, connection.name, streamNames, announceAgain);
          const streams = [...streamNames, ...Object.keys(run.streamStats).filter((stream) => !streamNames.includes(stream)).sort()];
          for (const stream of streams) process.stdout.write(`${stream}: ${countsText(run.streamStats[stream] ?? NO_STATS)}\n`);
          const totals = sumCounts(Object.values(run.streamStats));
          process.stdout.write(`${run.status}: ${countsText(totals)}\n`);
          if (totals.rejected > 0) {
            // Reasons can name a customer's identifiers (WeChat openids, masked phones): `hub runs show` and the API show them, not a CI log.
            process.stderr.write(`hub: ${totals.rejected} record(s) rejected; \`hub runs show ${runId}\` says why\n`);
          }
          if (run.status === 'succeeded') return 0;
          process.stderr.write(`hub: sync of ${connection.name} ${run.status}${run.lastError ? `: ${oneLine(run.lastError)}` : ''}\n`);
          const after = await services.connections.get(connection.id);
          if (after?.status === 'needs_attention') {
            process.stderr.write(`hub: ${connection.name} needs attention: correct its config (\`hub connections update ${connection.name}\`), then run \`hub sync ${connection.name}\` again\n`);
          }
          return 1;
        }),
      ),
    );
}

/** Polls the run until it ends, reporting progress on stderr; answers the finished run. */
async function followRun(services: HubServices, runId: string, name: string, streamNames: readonly string[], announceAgain?: () => Promise<void>): Promise<SyncRunRow> {
  const progress = startRunProgress(name, streamNames);
  let announcedAt = Date.now();
  try {
    for (;;) {
      const run = await services.syncRuns.byId(runId);
      if (!run) throw new HubError('NOT_FOUND', `Run ${runId} is gone: its connection was deleted while it ran.`);
      progress.update(run);
      if (!ACTIVE.includes(run.status)) return run;
      if (announceAgain && run.status === 'queued' && Date.now() - announcedAt >= ANNOUNCE_AGAIN_MS) {
        await announceAgain();
        announcedAt = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    progress.stop();
  }
}
