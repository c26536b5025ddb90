import { runIdentityQualityBenchmark } from './identity-quality.bench';
import { printResult } from './support/bench-result';
import { readBenchSettings } from './support/bench-settings';

/**
 * The identity-quality benchmark alone, without the database `npm run bench` creates: for whoever tunes the
 * engine. BENCH_PROFILES sets the synthetic population (default 100000), BENCH_HISTORICAL_RECORDS the historical-people
 * set (default 50000), BENCH_SEED their seed.
 * Run: node -r @swc-node/register bench/identity-quality.ts
 */
runIdentityQualityBenchmark(readBenchSettings()).then(
  (results) => results.forEach(printResult),
  (error: unknown) => {
    process.stderr.write(`identity-quality failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
