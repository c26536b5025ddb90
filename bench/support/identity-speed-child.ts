import os from 'node:os';
import { DEFAULT_RESOLUTION_CONFIG, resolveRecords } from '../../src/modules/identity';
import { exactIdentifierProfiles } from './identity-baseline';
import { syntheticPopulation } from './identity-synthetic';

/** What one child measured for one population size. */
export interface IdentitySpeedSample {
  records: number;
  threads: number | 'default';
  generateSeconds: number;
  /** Resident memory with the records generated, before the engine starts. */
  rssBeforeBytes: number;
  resolveSeconds: number;
  /** CPU of the whole process (every thread) while resolving. */
  resolveCpuSeconds: number;
  /** The process's peak resident memory (kernel maxRSS), generation included. */
  peakRssBytes: number;
  stageMillis: Record<string, number>;
  candidatePairs: number;
  patterns: number;
  profiles: number;
  baselineSeconds: number;
  baselineProfiles: number;
  loadAverageBefore: number[];
  loadAverageAfter: number[];
}

/**
 * One size in a process of its own (forked by identity-speed-run.ts), so that its peak memory is its own:
 * generate the seeded population, resolve it as `hub resolve` does (default configuration), then the
 * exact-identifier baseline on the same records. Arguments: records, seed, threads ('default' or a number).
 */
function main(): void {
  const [records, seed, threadsArgument] = process.argv.slice(2);
  const threads = threadsArgument === 'default' ? ('default' as const) : Number(threadsArgument);
  const generateStarted = performance.now();
  const population = syntheticPopulation(Number(records), Number(seed));
  const generateSeconds = (performance.now() - generateStarted) / 1000;
  const input = population.records;

  const loadAverageBefore = os.loadavg();
  const rssBeforeBytes = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const resolution = resolveRecords(input, DEFAULT_RESOLUTION_CONFIG, {}, threads === 'default' ? {} : { threads });
  const resolveSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  const loadAverageAfter = os.loadavg();

  const baselineStarted = performance.now();
  const baseline = exactIdentifierProfiles(input, DEFAULT_RESOLUTION_CONFIG.defaultRegion);
  const baselineSeconds = (performance.now() - baselineStarted) / 1000;

  const sample: IdentitySpeedSample = {
    records: input.length,
    threads,
    generateSeconds,
    rssBeforeBytes,
    resolveSeconds,
    resolveCpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssBytes,
    stageMillis: resolution.stats.millis,
    candidatePairs: resolution.stats.candidatePairs,
    patterns: resolution.stats.patterns,
    profiles: resolution.profiles.length,
    baselineSeconds,
    baselineProfiles: baseline.length,
    loadAverageBefore,
    loadAverageAfter,
  };
  process.send!(sample, () => process.exit(0));
}

main();
