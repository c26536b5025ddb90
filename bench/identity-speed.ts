import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { goal, printResult, type BenchResult } from './support/bench-result';
import { readBenchSettings, type BenchSettings } from './support/bench-settings';
import type { IdentitySpeedSample } from './support/identity-speed-child';
import type { FileResolutionSample } from './support/identity-speed-file-child';
import { measureFileResolution, measureIdentitySpeed } from './support/identity-speed-run';
import { syntheticPopulation, writeSyntheticDataset } from './support/identity-synthetic';

// The issue: `hub resolve` on 1M records in ≤ 60 s and ≤ 4 GB on two cores, and how the cost grows from 100k.
const SIZES = [100_000, 1_000_000];
const GOAL_SECONDS = 60;
const GOAL_PEAK_GB = 4;
const GB = 2 ** 30;

export interface IdentitySpeedOptions {
  sizes?: number[];
  /** Runs per size; figures are the median run (the machine is shared). */
  runs?: number;
  threads?: number | 'default';
  /** Also run `hub resolve` file to file at the largest size (the goals' subject); on unless false. */
  fileRun?: boolean;
}

/**
 * resolveRecords (the engine behind `hub resolve`, default configuration) on seeded synthetic populations of
 * 100,000 and 1,000,000 records, each run in a fresh process, next to the exact-identifier baseline on the
 * same records. Time excludes generating the records; peak memory is the process's, records included.
 * Then `hub resolve` itself at the largest size, CSV in and CSV out, in a fresh process: the goals are its.
 * Run: node -r @swc-node/register bench/identity-speed.ts [--runs 3] [--sizes 100000,1000000] [--threads 2]
 */
export async function runIdentitySpeedBenchmark(settings: BenchSettings, options: IdentitySpeedOptions = {}): Promise<BenchResult> {
  const sizes = options.sizes ?? SIZES;
  const samples: IdentitySpeedSample[] = [];
  for (let run = 0; run < (options.runs ?? 1); run++) {
    for (const size of sizes) samples.push(await measureIdentitySpeed(size, settings.seed, options.threads ?? 'default'));
  }
  const medians = sizes.map((size) => median(samples.filter((sample) => sample.records === size)));
  const [smallest, largest] = [medians[0], medians.at(-1)!];
  const growth = largest.resolveSeconds / smallest.resolveSeconds / (largest.records / smallest.records);
  const file = options.fileRun === false ? undefined : await resolveFile(largest.records, settings.seed);
  const goalSubject = file ? `hub resolve, ${largest.records.toLocaleString('en-US')} records (CSV in, CSV out; process start-up of about 1 s not included),` : `engine, ${largest.records.toLocaleString('en-US')} records,`;
  const goalSeconds = file ? file.seconds : largest.resolveSeconds;
  const goalPeak = file ? file.peakRssBytes : Math.max(...samples.filter((sample) => sample.records === largest.records).map((sample) => sample.peakRssBytes));
  return {
    name: 'identity-speed',
    title: `resolveRecords (hub resolve) on ${sizes.map((size) => size.toLocaleString('en-US')).join(' and ')} synthetic records vs exact-identifier matching of the same records`,
    rows: medians.flatMap((sample): BenchResult['rows'] => [
      {
        label: `engine, ${sample.records.toLocaleString('en-US')} records`,
        figures: {
          seconds: sample.resolveSeconds,
          'records/s': sample.records / sample.resolveSeconds,
          'CPU s': sample.resolveCpuSeconds,
          'peak RSS GB': sample.peakRssBytes / GB,
          'candidate pairs': sample.candidatePairs,
        },
      },
      { label: `exact ids, ${sample.records.toLocaleString('en-US')} records`, figures: { seconds: sample.baselineSeconds, 'records/s': sample.records / sample.baselineSeconds } },
    ]).concat(
      file
        ? [
            {
              label: `hub resolve file → file (after start-up), ${largest.records.toLocaleString('en-US')} records`,
              figures: { seconds: file.seconds, 'records/s': largest.records / file.seconds, 'CPU s': file.cpuSeconds, 'peak RSS GB': file.peakRssBytes / GB, 'reading s': file.readSeconds },
            },
          ]
        : [],
    ),
    ratio: { description: `growth ${smallest.records.toLocaleString('en-US')} → ${largest.records.toLocaleString('en-US')} (time ratio / size ratio; 1 = linear)`, value: growth },
    goals: [
      goal(`${goalSubject} within`, goalSeconds, '<', GOAL_SECONDS, ' s'),
      goal(`${goalSubject} peak memory (process RSS)`, goalPeak / GB, '<', GOAL_PEAK_GB, ' GB'),
    ],
    notes: [
      `machine: ${os.cpus().length} cpus, node ${process.version}; the machine is shared, so each run notes the load average (1 min) before and after`,
      ...samples.map(describeRun),
      `candidate pairs grow ${round2(largest.candidatePairs / smallest.candidatePairs)}x for ${largest.records / smallest.records}x the records: blocks keyed by values with a fixed range (birth dates, subscriber numbers) fill up until the block cap`,
    ],
    details: { samples, file, growth, settings: { seed: settings.seed, sizes, runs: options.runs ?? 1, threads: options.threads ?? 'default' } },
  };
}

/** Writes the population as a `hub resolve` file (untimed), then times the command's path on it in a fresh process. */
async function resolveFile(records: number, seed: number): Promise<FileResolutionSample> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-identity-speed-'));
  try {
    const dataset = await writeSyntheticDataset(syntheticPopulation(records, seed), dir);
    return await measureFileResolution(dataset.recordsFile, path.join(dir, 'clusters.csv'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function describeRun(sample: IdentitySpeedSample): string {
  const cores = sample.resolveCpuSeconds / sample.resolveSeconds;
  return (
    `${sample.records.toLocaleString('en-US')} records: ${round2(sample.resolveSeconds)} s, ${round2(sample.resolveCpuSeconds)} CPU s (${round2(cores)} cores busy), ` +
    `peak RSS ${round2(sample.peakRssBytes / GB)} GB (${round2(sample.rssBeforeBytes / GB)} GB with the records generated), ` +
    `stages ms ${JSON.stringify(sample.stageMillis)}, ${sample.candidatePairs.toLocaleString('en-US')} pairs, ${sample.profiles.toLocaleString('en-US')} profiles; ` +
    `exact ids ${round2(sample.baselineSeconds)} s; load ${round2(sample.loadAverageBefore[0])} → ${round2(sample.loadAverageAfter[0])}; threads ${sample.threads}`
  );
}

function median(samples: IdentitySpeedSample[]): IdentitySpeedSample {
  return [...samples].sort((a, b) => a.resolveSeconds - b.resolveSeconds)[Math.floor((samples.length - 1) / 2)];
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function optionsFromArguments(args: string[]): IdentitySpeedOptions {
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const threads = value('--threads');
  return {
    runs: value('--runs') ? Number(value('--runs')) : undefined,
    sizes: value('--sizes')?.split(',').map(Number),
    threads: threads === undefined || threads === 'default' ? undefined : Number(threads),
  };
}

if (require.main === module) {
  runIdentitySpeedBenchmark(readBenchSettings(), optionsFromArguments(process.argv.slice(2)))
    .then(async (result) => {
      printResult(result);
      const file = path.resolve(__dirname, 'results', 'identity-speed.json');
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify({ finishedAt: new Date().toISOString(), ...result }, null, 2) + '\n');
      process.stdout.write(`figures written to ${path.relative(process.cwd(), file)}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`identity-speed failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    });
}
