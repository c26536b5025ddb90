import path from 'node:path';
import type { HubServices } from '../src/app/services';
import type { BenchDatabase } from './support/bench-database';
import { goal, type BenchResult } from './support/bench-result';
import type { BenchSettings } from './support/bench-settings';
import { othersShare, startCpuProbe } from './support/cpu-usage';
import { seededRandom } from './support/customer-rows';
import { loadRow } from './support/load-report';
import { loadTest, type LoadFigures, type LoadPlan, type RunProbe } from './support/load-run';
import { withServerProcess, type ServerProcess } from './support/server-process';

const PROFILE_QUERY = 'query($id: ID!) { profile(id: $id) { identities { type value source } traits { key value source observedAt } } }';
// Diagnostic: the same request without the nested lists (what resolving and serializing them costs).
const PROFILE_ID_QUERY = 'query($id: ID!) { profile(id: $id) { id } }';
const BARE_BODY = JSON.stringify({ query: '{ __typename }' });
const GOAL_RATIO = 0.5;
const GOAL_P99_MS = 5;
// Above this share of the machine used by processes outside the benchmark, a run is called noisy.
const NOISY_OTHERS = 0.1;

type Server = Pick<ServerProcess, 'url' | 'pid' | 'stats'>;

/**
 * Requests/s and latency of one profile read with its identities and traits, each request for a random
 * profile of the store, next to a bare Apollo Server answering `{ __typename }`. Each server runs in a
 * child process of its own; the load client (autocannon) runs here, with the same settings for both.
 * The machine is shared, so bare and hub alternate over `rounds` and each keeps its best round.
 * Diagnostic runs follow: one connection (latency without queueing) and `profile(id) { id }`.
 */
export async function runGraphqlReadBenchmark(settings: BenchSettings, bench: BenchDatabase, services: HubServices): Promise<BenchResult> {
  const ids = (await bench.database.query<{ id: string }>('select id from profiles where merged_into_id is null order by id')).map((row) => row.id);
  if (ids.length === 0) throw new Error('graphql-read needs a store with profiles');
  const { key } = await services.apiKeys.create('bench', ['profiles:read']);
  const cpuProfileDir = settings.cpuProfile ? path.resolve(__dirname, 'results', 'cpu') : undefined;
  const base = { connections: settings.connections, warmupSeconds: settings.warmupSeconds, seconds: settings.seconds };

  const random = seededRandom(settings.seed);
  const randomId = () => ids[Math.floor(random() * ids.length)];
  const bodyOf = (query: string) => (id: string) => `{"query":${JSON.stringify(query)},"variables":{"id":"${id}"}}`;
  const profileBody = bodyOf(PROFILE_QUERY);
  const profileIdBody = bodyOf(PROFILE_ID_QUERY);
  const headers = { authorization: `Bearer ${key}` };
  const barePlan = { ...base, headers: {}, body: () => BARE_BODY, verifyBody: (body: string) => body.includes('"__typename":"Query"') };
  const hubPlan = { ...base, headers, body: () => profileBody(randomId()), verifyBody: isProfileAnswer };

  const runs = await withServerProcess('bare-server.ts', [], { cpuProfileDir }, (bareServer) =>
    withServerProcess('hub-server.ts', [bench.url], { cpuProfileDir }, async (hubServer) => {
      await expectAnswer(bareServer.url, {}, BARE_BODY, (body) => body.trim() === '{"data":{"__typename":"Query"}}');
      const sample = JSON.parse(await expectAnswer(hubServer.url, headers, profileBody(ids[0]), isProfileAnswer)).data.profile;
      const bare = (plan: Omit<LoadPlan, 'url' | 'startProbe'>) => loadTest({ ...plan, url: bareServer.url, startProbe: probeOf(bareServer) });
      const hub = (plan: Omit<LoadPlan, 'url' | 'startProbe'>) =>
        loadTest({ ...plan, url: hubServer.url, startProbe: probeOf(hubServer, { url: bench.url, name: bench.name }) });
      const rounds: { bare: LoadFigures; hub: LoadFigures }[] = [];
      for (let round = 0; round < settings.rounds; round++) rounds.push({ bare: await bare(barePlan), hub: await hub(hubPlan) });
      return {
        sample: sample as { identities: unknown[]; traits: unknown[] },
        rounds,
        hubOneConnection: await hub({ ...hubPlan, connections: 1 }),
        bareOneConnection: await bare({ ...barePlan, connections: 1 }),
        hubIdOnly: await hub({ ...hubPlan, body: () => profileIdBody(randomId()), verifyBody: (body) => body.startsWith('{"data":{"profile":{"id":"prof_') }),
      };
    }),
  );
  const result = runs.result.result;
  const bestHub = best(result.rounds.map((round) => round.hub));
  const bestBare = best(result.rounds.map((round) => round.bare));
  const ratio = bestHub.requestsPerSecond / bestBare.requestsPerSecond;
  const c = settings.connections;
  const noisy = [bestHub, bestBare].map((figures) => (figures.counters?.cpu ? othersShare(figures.counters.cpu) : 0)).filter((share) => share > NOISY_OTHERS);
  return {
    name: 'graphql-read',
    title: `profile(id) { identities traits } over ${ids.length.toLocaleString('en-US')} profiles vs bare Apollo { __typename }; autocannon, ${settings.seconds} s runs after ${settings.warmupSeconds} s warm-up`,
    rows: [
      { label: `hub profile(id), ${c} conn, best of ${settings.rounds}`, figures: loadRow(bestHub) },
      { label: `bare Apollo { __typename }, ${c} conn, best of ${settings.rounds}`, figures: loadRow(bestBare) },
      { label: 'diagnostic: hub profile(id), 1 conn', figures: loadRow(result.hubOneConnection) },
      { label: 'diagnostic: bare Apollo, 1 conn', figures: loadRow(result.bareOneConnection) },
      { label: `diagnostic: hub profile(id) { id }, ${c} conn`, figures: loadRow(result.hubIdOnly) },
    ],
    ratio: { description: `hub/bare req/s at ${c} connections`, value: ratio },
    goals: [
      goal('hub/bare req/s', ratio, '>=', GOAL_RATIO, 'x'),
      goal(`hub p99 latency at ${c} connections`, bestHub.exactLatencyMs.p99, '<', GOAL_P99_MS, ' ms'),
      // The same bound without queueing: what one client waits for its own request.
      goal('hub p99 latency at 1 connection', result.hubOneConnection.exactLatencyMs.p99, '<', GOAL_P99_MS, ' ms'),
    ],
    notes: [
      `req/s per round, bare/hub: ${result.rounds.map((round) => `${Math.round(round.bare.requestsPerSecond)}/${Math.round(round.hub.requestsPerSecond)}`).join(', ')}`,
      "p50/p99 are exact (every response timed); autocannon's own histogram keeps whole milliseconds.",
      'CPU ms/req: server child (of which kernel), its PostgreSQL backends, the load client; "others" is CPU used by processes outside this benchmark.',
      ...(noisy.length > 0 ? [`WARNING: other processes used up to ${Math.round(Math.max(...noisy) * 100)}% of the machine during a kept round; the ratio is unreliable, run again.`] : []),
    ],
    details: {
      profilesInStore: ids.length,
      sampleAnswer: { identities: result.sample.identities.length, traits: result.sample.traits.length },
      connections: c,
      ratio,
      hub: bestHub,
      bare: bestBare,
      rounds: result.rounds,
      diagnostics: { hubOneConnection: result.hubOneConnection, bareOneConnection: result.bareOneConnection, hubProfileIdOnly: result.hubIdOnly },
      hubSqlStatementsTotal: runs.result.stats.sqlStatements,
      cpuProfileDir,
    },
  };
}

function best(runs: LoadFigures[]): LoadFigures {
  return runs.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
}

/** Counts, over one measured run, the server child's CPU (and its PostgreSQL backends') and the SQL statements it sent. */
function probeOf(server: Server, database?: { url: string; name: string }): () => Promise<RunProbe> {
  return async () => {
    const cpu = await startCpuProbe(server.pid, database);
    const before = Number((await server.stats()).sqlStatements);
    return {
      async stop() {
        const statements = Number((await server.stats()).sqlStatements) - before;
        return { cpu: await cpu.stop(), sqlStatements: Number.isFinite(statements) ? statements : undefined };
      },
    };
  };
}

function isProfileAnswer(body: string): boolean {
  return body.startsWith('{"data":{"profile":{"identities":[{') && !body.includes('"errors"');
}

/** One request before the load: a server that answers wrongly is not worth timing. */
async function expectAnswer(url: string, headers: Record<string, string>, body: string, check: (body: string) => boolean): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  if (response.status !== 200 || !check(text)) throw new Error(`${url} answered ${response.status} ${text.slice(0, 500)}`);
  return text;
}
