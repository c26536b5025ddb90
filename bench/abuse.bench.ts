import { spawn } from 'node:child_process';
import path from 'node:path';
import type { HubServices } from '../src/app/services';
import type { BenchDatabase } from './support/bench-database';
import { goal, type BenchResult } from './support/bench-result';
import type { BenchSettings } from './support/bench-settings';
import { customerRecords, seededRandom } from './support/customer-rows';
import { ALIAS_ATTACK_BODY } from './support/alias-attack';
import { withServerProcess } from './support/server-process';
import { timedFromJson, timedRun, type Timed } from './support/timed-run';

const PROFILE_QUERY = 'query($id: ID!) { profile(id: $id) { identities { type value source } traits { key value source observedAt } } }';
const ATTACKERS = 6;
const GOAL_RATIO = 2;
const GOAL_REFUSAL_P99_MS = 50;
// A store big enough that profile(id) reads real rows; the attack is refused whatever the size.
const MIN_PROFILES = 5_000;

/**
 * A normal client's profile(id) p99 unloaded, then again while six clients send the 200-alias profiles × events
 * attack for the same time: the attackers' refusal latency (by answer: 400 QUERY_TOO_COMPLEX from the cost
 * analysis, 429 RATE_LIMITED once their key's minute is spent) and the normal client's p99 under attack.
 * A second attack run gives the attackers keys with no practical rate limit, so that every refusal goes through
 * the cost analysis: the defence without the rate limit's help. One connection per client, closed loop, against
 * the hub in a child process (the same code as `hub start`) with its default limits.
 */
export async function runAbuseBenchmark(settings: BenchSettings, bench: BenchDatabase, services: HubServices): Promise<BenchResult> {
  await ensureProfiles(bench, services, settings.seed);
  const ids = (await bench.database.query<{ id: string }>('select id from profiles where merged_into_id is null order by id')).map((row) => row.id);
  // A heavy but legitimate integration: its own rate, far above what one connection can send.
  const normalKey = (await services.apiKeys.create('bench normal client', ['profiles:read'], { rateLimitPerMinute: 10_000_000 })).key;
  const attackerKeys = await Promise.all(Array.from({ length: ATTACKERS }, (_, i) => services.apiKeys.create(`bench attacker ${i}`, ['profiles:read']).then((created) => created.key)));
  const unlimitedAttackerKeys = await Promise.all(
    Array.from({ length: ATTACKERS }, (_, i) => services.apiKeys.create(`bench attacker ${i} unlimited`, ['profiles:read'], { rateLimitPerMinute: 10_000_000 }).then((created) => created.key)),
  );
  const random = seededRandom(settings.seed);
  const profileBody = () => `{"query":${JSON.stringify(PROFILE_QUERY)},"variables":{"id":"${ids[Math.floor(random() * ids.length)]}"}}`;

  const cpuProfileDir = settings.cpuProfile ? path.resolve(__dirname, 'results', 'cpu') : undefined;
  const runs = await withServerProcess('hub-server.ts', [bench.url], { cpuProfileDir }, async (hub) => {
    const normal = (seconds: number) => timedRun(hub.url, [normalKey], profileBody, seconds);
    await normal(settings.warmupSeconds);
    const unloaded = await normal(settings.seconds);
    const underAttack = await withAttack(hub.url, attackerKeys, settings.seconds, () => normal(settings.seconds));
    const underUnlimitedAttack = await withAttack(hub.url, unlimitedAttackerKeys, settings.seconds, () => normal(settings.seconds));
    const health = await fetch(hub.url.replace(/\/graphql$/, '/health'));
    return { unloaded, underAttack, underUnlimitedAttack, healthAfter: health.status };
  });
  const { unloaded, underAttack, underUnlimitedAttack, healthAfter } = runs.result;
  const unloadedP99 = percentile(okTimes(unloaded), 0.99);
  const attackedP99 = percentile(okTimes(underAttack.normal), 0.99);
  const unlimitedP99 = percentile(okTimes(underUnlimitedAttack.normal), 0.99);
  const refusals = allTimes(underAttack.attack);
  const costRefusals = underUnlimitedAttack.attack.byStatus.get(400) ?? [];
  const ratio = attackedP99 / unloadedP99;
  const leaked = [...underAttack.attack.byStatus.keys(), ...underUnlimitedAttack.attack.byStatus.keys()].filter((status) => status === 200 || status >= 500);
  const normalFailed = [unloaded, underAttack.normal, underUnlimitedAttack.normal].reduce((sum, run) => sum + failures(run), 0);
  return {
    name: 'abuse',
    title: `profile(id) p99 of one normal client, unloaded and while ${ATTACKERS} clients send the 200-alias profiles(first: 500) × events(first: 500) attack (${Math.round(ALIAS_ATTACK_BODY.length / 1024)} KB); ${ids.length.toLocaleString('en-US')} profiles, ${settings.seconds} s runs`,
    rows: [
      { label: 'normal client profile(id), unloaded', figures: timedRow(unloaded) },
      { label: `normal client profile(id), under attack (${ATTACKERS} keys at the default rate)`, figures: timedRow(underAttack.normal) },
      { label: `attackers' refusals (${ATTACKERS} keys at the default rate)`, figures: refusalRow(underAttack.attack) },
      { label: `diagnostic: normal client under attack by keys without a rate limit`, figures: timedRow(underUnlimitedAttack.normal) },
      { label: "diagnostic: attackers' refusals, cost analysis only", figures: refusalRow(underUnlimitedAttack.attack) },
    ],
    ratio: { description: 'normal p99 under attack / unloaded', value: ratio },
    goals: [
      goal('normal p99 under attack / unloaded p99', ratio, '<', GOAL_RATIO, 'x'),
      goal("attackers' refusal p99", percentile(refusals, 0.99), '<', GOAL_REFUSAL_P99_MS, ' ms'),
      goal('attack answers that were not refusals (200 or 5xx)', leaked.length, '<', 1),
    ],
    notes: [
      `unloaded p99 ${unloadedP99.toFixed(2)} ms, under attack p99 ${attackedP99.toFixed(2)} ms (ratio ${ratio.toFixed(2)}x); with unlimited attacker keys p99 ${unlimitedP99.toFixed(2)} ms (${(unlimitedP99 / unloadedP99).toFixed(2)}x)`,
      `attack answers by code, default rate: ${codesText(underAttack.attack)}; unlimited keys: ${codesText(underUnlimitedAttack.attack)}`,
      `cost-analysis refusal p50/p99 ${percentile(costRefusals, 0.5).toFixed(2)}/${percentile(costRefusals, 0.99).toFixed(2)} ms; /health after the attacks answered ${healthAfter}; normal client requests that failed: ${normalFailed}`,
      'The normal client has its own --rate (a heavy integration); at the default 1200/min one connection would be rate limited itself.',
    ],
    details: {
      profilesInStore: ids.length,
      attackers: ATTACKERS,
      attackBodyBytes: ALIAS_ATTACK_BODY.length,
      unloadedP99Ms: unloadedP99,
      underAttackP99Ms: attackedP99,
      ratio,
      underUnlimitedAttackP99Ms: unlimitedP99,
      refusalP50Ms: percentile(refusals, 0.5),
      refusalP99Ms: percentile(refusals, 0.99),
      costRefusalP99Ms: percentile(costRefusals, 0.99),
      attackCodes: Object.fromEntries(underAttack.attack.codes),
      unlimitedAttackCodes: Object.fromEntries(underUnlimitedAttack.attack.codes),
      normalRequests: { unloaded: unloaded.completed, underAttack: underAttack.normal.completed, underUnlimitedAttack: underUnlimitedAttack.normal.completed },
      healthAfter,
    },
  };
}

/**
 * Runs `measure` while the attackers (a child process of their own, so that sending their bodies does not delay the
 * normal client's timing) send the attack, starting before it and stopping after it.
 */
async function withAttack(url: string, keys: string[], seconds: number, measure: () => Promise<Timed>): Promise<{ normal: Timed; attack: Timed }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join('bench', 'support', 'abuse-attackers.ts'), url, String(seconds + 4), ...keys], {
    cwd: path.resolve(__dirname, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // The child takes a moment to load; the normal client starts once the attack is under way.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const normal = await measure();
  const code = await exited;
  if (code !== 0) throw new Error(`abuse-attackers exited with ${code}`);
  return { normal, attack: timedFromJson(output.trim()) };
}

async function ensureProfiles(bench: BenchDatabase, services: HubServices, seed: number): Promise<void> {
  const [{ count }] = await bench.database.query<{ count: string }>('select count(*) from profiles');
  if (Number(count) >= MIN_PROFILES) return;
  let batch: Record<string, string>[] = [];
  for (const record of customerRecords(MIN_PROFILES, seed)) {
    batch.push(record);
    if (batch.length === 1000) {
      await services.ingestion.ingest('bench-abuse', batch);
      batch = [];
    }
  }
  if (batch.length > 0) await services.ingestion.ingest('bench-abuse', batch);
}

function okTimes(run: Timed): number[] {
  return run.byStatus.get(200) ?? [];
}

/** Requests of a normal client that did not get their data: an error code in the answer, or no answer. */
function failures(run: Timed): number {
  return run.completed - (run.codes.get('ok') ?? 0) + run.errors;
}

function allTimes(run: Timed): number[] {
  return [...run.byStatus.values()].flat();
}

function percentile(values: number[], quantile: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)]!;
}

function timedRow(run: Timed): Record<string, number | string> {
  const times = okTimes(run);
  return { 'p50 ms': percentile(times, 0.5), 'p99 ms': percentile(times, 0.99), requests: run.completed, failed: failures(run) };
}

function refusalRow(run: Timed): Record<string, number | string> {
  const times = allTimes(run);
  return { 'p50 ms': percentile(times, 0.5), 'p99 ms': percentile(times, 0.99), requests: run.completed, statuses: [...run.byStatus].map(([status, list]) => `${status}×${list.length}`).join(' ') };
}

function codesText(run: Timed): string {
  return [...run.codes].map(([code, count]) => `${code} ${count}`).join(', ');
}
