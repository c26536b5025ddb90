import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { importCsvFile } from '../src/modules/ingestion';
import type { HubServices } from '../src/app/services';
import type { BenchDatabase } from './support/bench-database';
import { goal, type BenchResult } from './support/bench-result';
import type { BenchSettings } from './support/bench-settings';
import { CUSTOMER_COLUMNS, writeCustomerCsv } from './support/customer-rows';
import { othersShare, startCpuProbe } from './support/cpu-usage';
import { plannerCaveats } from './support/planner-caveats';
import { splitUpkeep, sqlSeconds, statementNotes, timeStatements, upkeepNotes, type StatementTiming } from './support/sql-timing';

const SOURCE = 'bench';
const BATCH_SIZE = 1000;
const COPY_RUNS = 3;
const GOAL_RATIO = 0.2;
// Issue 5: incremental ingestion with resolution into PostgreSQL, sustained: judged on the whole import and
// on its last tenth, when the store holds nine tenths of the records.
const GOAL_RECORDS_PER_SECOND = 2000;

/**
 * `importCsvFile` (what `hub import` runs) of N rows into the empty store, next to a raw
 * `COPY ... FROM STDIN` of the very same file into a plain table with the same columns.
 * Leaves the store holding N profiles, which the read benchmark then queries.
 */
export async function runImportBenchmark(settings: BenchSettings, bench: BenchDatabase, services: HubServices): Promise<BenchResult> {
  const file = path.join(os.tmpdir(), `${bench.name}-customers.csv`);
  const bytes = await writeCustomerCsv(file, settings.profiles, settings.seed);
  try {
    const copy = await measureCopy(bench.url, file, settings.profiles);

    await checkpoint(bench.url);
    const statementsBefore = bench.database.queryCount;
    const sqlTiming = timeStatements(bench.database);
    const statementTimes: StatementTiming[] = [];
    const cpuProbe = await startCpuProbe(undefined, { url: bench.url, name: bench.name });
    const started = performance.now();
    // When each batch was written: the rate of the last tenth says whether the import keeps its pace as the store fills.
    const batchEnds: number[] = [];
    const summary = await importCsvFile(services.ingestion, file, { source: SOURCE, batchSize: BATCH_SIZE, onProgress: () => batchEnds.push(performance.now()) }).finally(() =>
      statementTimes.push(...sqlTiming.stop()),
    );
    const importSeconds = (performance.now() - started) / 1000;
    const cpu = await cpuProbe.stop();
    const others = othersShare(cpu);
    const statements = bench.database.queryCount - statementsBefore;
    const { upkeep, batchStatements } = splitUpkeep(statementTimes);
    if (summary.created !== settings.profiles || summary.rejected !== 0) {
      throw new Error(`import benchmark is invalid: expected ${settings.profiles} created, got ${JSON.stringify(summary)}`);
    }
    const [{ profiles }] = await bench.database.query<{ profiles: number }>('select count(*)::int as profiles from profiles');
    const counts = await tableCounts(bench);

    const importRate = settings.profiles / importSeconds;
    const ratio = importRate / copy.rate;
    const batches = Math.ceil(settings.profiles / BATCH_SIZE);
    const pace = tenthRates(started, batchEnds, BATCH_SIZE);
    return {
      name: 'import',
      title: `importCsvFile of ${settings.profiles.toLocaleString('en-US')} CSV rows into an empty store vs raw COPY FROM STDIN of the same file`,
      rows: [
        { label: `hub importCsvFile (batches of ${BATCH_SIZE})`, figures: { 'records/s': importRate, seconds: importSeconds, 'SQL statements': statements } },
        { label: `COPY into plain table (median of ${COPY_RUNS})`, figures: { 'records/s': copy.rate, seconds: copy.seconds } },
      ],
      ratio: { description: 'import/COPY records/s', value: ratio },
      goals: [
        goal('import throughput vs COPY', ratio, '>=', GOAL_RATIO, 'x'),
        goal('ingestion with resolution, records/s', importRate, '>=', GOAL_RECORDS_PER_SECOND),
        ...(pace ? [goal('ingestion with resolution, last tenth, records/s', pace.last, '>=', GOAL_RECORDS_PER_SECOND)] : []),
      ],
      notes: [
        ...(pace ? [`pace: first tenth of the batches ${Math.round(pace.first)} records/s, last tenth ${Math.round(pace.last)} records/s (the store holding ${Math.round(settings.profiles * 0.9).toLocaleString('en-US')}+ records)`] : []),
        ...statementNotes(batchStatements, importSeconds),
        ...upkeepNotes(upkeep),
        ...(await plannerCaveats(bench, 'the import')),
        `CPU during the import: this process ${cpu.client.toFixed(1)} s, PostgreSQL ${cpu.postgres.toFixed(1)} s; machine busy ${Math.round((cpu.machine / cpu.available) * 100)}% (others ${Math.round(others * 100)}%)`,
        ...(others > 0.1 ? [`WARNING: other processes used ${Math.round(others * 100)}% of the machine during the import; run again for a clean figure.`] : []),
      ],
      details: {
        rows: settings.profiles,
        csvBytes: bytes,
        importRecordsPerSecond: importRate,
        importSeconds,
        copyRecordsPerSecond: copy.rate,
        copySeconds: copy.seconds,
        copyRunSeconds: copy.runs,
        ratio,
        pace,
        summary,
        profilesStored: profiles,
        rowsStored: counts,
        sqlStatements: statements,
        sqlStatementsPerBatch: statements / batches,
        sqlSeconds: sqlSeconds(batchStatements),
        sqlTimeByStatement: statementTimes,
        cpuSeconds: cpu,
      },
    };
  } finally {
    await rm(file, { force: true });
  }
}

async function measureCopy(url: string, file: string, expectedRows: number): Promise<{ rate: number; seconds: number; runs: number[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = CUSTOMER_COLUMNS.join(', ');
    await client.query(`create table bench_copy_customers (${CUSTOMER_COLUMNS.map((column) => `${column} text`).join(', ')})`);
    const runs: number[] = [];
    for (let run = 0; run < COPY_RUNS; run++) {
      await client.query('truncate bench_copy_customers');
      await client.query('checkpoint');
      const started = performance.now();
      const copy = client.query(copyFrom(`copy bench_copy_customers (${columns}) from stdin with (format csv, header true)`));
      await pipeline(createReadStream(file), copy);
      runs.push((performance.now() - started) / 1000);
      if (copy.rowCount !== expectedRows) throw new Error(`COPY stored ${copy.rowCount} rows, expected ${expectedRows}`);
    }
    const seconds = [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    return { rate: expectedRows / seconds, seconds, runs };
  } finally {
    await client.end();
  }
}

async function checkpoint(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('checkpoint').finally(() => client.end());
}

async function tableCounts(bench: BenchDatabase): Promise<Record<string, number>> {
  const [row] = await bench.database.query<Record<string, number>>(
    `select (select count(*)::int from source_records) as source_records, (select count(*)::int from identities) as identities,
            (select count(*)::int from traits) as traits`,
  );
  return row;
}

/** Records/s over the first and the last tenth of the batches (full batches assumed, as the benchmark writes them). */
function tenthRates(started: number, batchEnds: number[], batchSize: number): { first: number; last: number } | undefined {
  const tenth = Math.floor(batchEnds.length / 10);
  if (tenth < 1) return undefined;
  const first = batchEnds[tenth - 1] - started;
  const last = batchEnds[batchEnds.length - 1] - batchEnds[batchEnds.length - 1 - tenth];
  return { first: (tenth * batchSize) / (first / 1000), last: (tenth * batchSize) / (last / 1000) };
}
