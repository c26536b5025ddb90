import type { RunningHttpServer } from '../app/http-server';
import type { HubRuntime } from '../app/runtime';

/** The two roles a long-running hub process can take; `hub start` takes both. */

export async function serveApi(runtime: HubRuntime): Promise<RunningHttpServer> {
  const { services } = runtime;
  // Loaded by the processes that serve: the schema and Apollo are no part of a worker's start-up.
  const [{ buildHubSchema }, { startHttpServer }] = await Promise.all([import('../graphql/schema.ts'), import('../app/http-server.ts')]);
  return startHttpServer(services, await buildHubSchema(), { host: services.config.host, port: services.config.port });
}

/**
 * Takes jobs from the queue (after re-queueing runs a crash left behind and setting the connections' schedules),
 * takes the sync runs a `hub sync` hands over, and sends webhooks. Answers how to stop taking hand-overs (before
 * the runtime closes: the listening connection would keep the process alive).
 */
export async function runWorker(runtime: HubRuntime): Promise<{ close(): Promise<void> }> {
  const { services } = runtime;
  const recovered = await services.syncJobs.recover();
  if (recovered > 0) services.logger.info({ runs: recovered }, 'sync runs re-queued after a restart');
  const schedules = await services.syncSchedules.reconcile();
  if (schedules.refused > 0) services.logger.warn({ refused: schedules.refused }, 'sync schedules refused (more often than once a minute): their connections need attention');
  if (schedules.scheduled + schedules.removed > 0) services.logger.info(schedules, 'sync schedules set');
  for (const job of services.intervalJobs) await job.schedule();
  await services.webhooks.dispatcher.start();
  await services.queue.startWorker(Object.assign({}, services.syncJobs.handlers(), ...services.intervalJobs.map((job) => job.handlers())));
  // Last: a `hub sync` that sees this process hands its run here, so the queue must take jobs by then.
  return services.syncJobs.listenForHandOffs();
}
