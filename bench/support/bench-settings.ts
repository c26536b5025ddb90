/** What one `npm run bench` measures and against which PostgreSQL; read once from BENCH_* variables. */
export interface BenchSettings {
  /** Admin connection: the run creates its own database there and drops it at the end. */
  adminUrl: string;
  /** Rows imported, profiles read from, customers synced. */
  profiles: number;
  /** Records of the realistic multi-source customer set identity-quality resolves. */
  realisticRecords: number;
  /** Records of the historical-people set (names, birth dates and places, no identifiers) identity-quality resolves. */
  historicalRecords: number;
  /** Profiles generated for the segments benchmark. */
  segmentProfiles: number;
  /** Deliveries the webhooks benchmark drains. */
  webhookEvents: number;
  /** Measured seconds of each HTTP load run (after the warm-up). */
  seconds: number;
  warmupSeconds: number;
  connections: number;
  /** Bare and hub alternate this many times; each keeps its best round (the machine is shared). */
  rounds: number;
  /** Benchmarks to run; the default is all of them. */
  only: Set<string>;
  /** Writes a .cpuprofile of each server child under bench/results/cpu. */
  cpuProfile: boolean;
  seed: number;
  /** Leaves the database in place for a post-mortem (EXPLAIN, counts) instead of dropping it. */
  keepDatabase: boolean;
}

export const BENCHMARK_NAMES = ['import', 'graphql-read', 'ingestion', 'ingestion-parity', 'sync', 'identity-quality', 'identity-speed', 'segments', 'webhooks', 'abuse'] as const;

export function readBenchSettings(env: Record<string, string | undefined> = process.env): BenchSettings {
  const only = (env.BENCH_ONLY ?? BENCHMARK_NAMES.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = only.filter((name) => !(BENCHMARK_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown benchmark(s) ${unknown.join(', ')}; known: ${BENCHMARK_NAMES.join(', ')}`);
  return {
    adminUrl: env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    profiles: positiveInteger(env, 'BENCH_PROFILES', 100_000),
    realisticRecords: positiveInteger(env, 'BENCH_REALISTIC_RECORDS', 10_000),
    historicalRecords: positiveInteger(env, 'BENCH_HISTORICAL_RECORDS', 50_000),
    segmentProfiles: positiveInteger(env, 'BENCH_SEGMENT_PROFILES', 1_000_000),
    webhookEvents: positiveInteger(env, 'BENCH_WEBHOOK_EVENTS', 20_000),
    seconds: positiveInteger(env, 'BENCH_SECONDS', 10),
    warmupSeconds: positiveInteger(env, 'BENCH_WARMUP_SECONDS', 2),
    connections: positiveInteger(env, 'BENCH_CONNECTIONS', 10),
    rounds: positiveInteger(env, 'BENCH_ROUNDS', 2),
    only: new Set(only),
    cpuProfile: env.BENCH_CPU_PROF === '1',
    seed: positiveInteger(env, 'BENCH_SEED', 20261123),
    keepDatabase: env.BENCH_KEEP_DATABASE === '1',
  };
}

function positiveInteger(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return value;
}
