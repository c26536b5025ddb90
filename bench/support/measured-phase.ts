import { adminQuery, type BenchDatabase } from './bench-database';
import { othersShare, startCpuProbe, type CpuSeconds } from './cpu-usage';
import { timeStatements, type StatementTiming } from './sql-timing';

export interface MeasuredPhase<T> {
  result: T;
  seconds: number;
  cpu: CpuSeconds;
  sqlStatements: number;
  /** Wall time inside SQL statements, seen from this process. */
  sqlSeconds: number;
  sqlTimeByStatement: StatementTiming[];
}

/**
 * Times one piece of work against the bench database, with what the import benchmark reports beside
 * the time: SQL statements sent, time spent in them, CPU of this process and of PostgreSQL. A checkpoint
 * first, so dirty pages left by the previous phase are not written out during this one.
 */
export async function measurePhase<T>(bench: BenchDatabase, work: () => Promise<T>): Promise<MeasuredPhase<T>> {
  await adminQuery(bench.url, 'checkpoint');
  const statementsBefore = bench.database.queryCount;
  const sqlTiming = timeStatements(bench.database);
  const timings: StatementTiming[] = [];
  const cpuProbe = await startCpuProbe(undefined, { url: bench.url, name: bench.name });
  const started = performance.now();
  const result = await work().finally(() => timings.push(...sqlTiming.stop()));
  const seconds = (performance.now() - started) / 1000;
  const cpu = await cpuProbe.stop();
  return {
    result,
    seconds,
    cpu,
    sqlStatements: bench.database.queryCount - statementsBefore,
    sqlSeconds: timings.reduce((sum, timing) => sum + timing.totalMs, 0) / 1000,
    sqlTimeByStatement: timings,
  };
}

/** Where a phase's time and CPU went, as note lines; `label` names the phase. */
export function phaseNotes(label: string, phase: MeasuredPhase<unknown>, slowest = 3): string[] {
  const { cpu } = phase;
  const others = othersShare(cpu);
  return [
    `${label}: ${phase.sqlSeconds.toFixed(1)} s of ${phase.seconds.toFixed(1)} s inside SQL statements; CPU this process ${cpu.client.toFixed(1)} s, PostgreSQL ${cpu.postgres.toFixed(1)} s; machine busy ${Math.round((cpu.machine / cpu.available) * 100)}% (others ${Math.round(others * 100)}%)`,
    ...phase.sqlTimeByStatement
      .slice(0, slowest)
      .map((timing) => `  ${(timing.totalMs / 1000).toFixed(2)} s  ${timing.count}x (first/last tenth ${Math.round(timing.firstTenthMeanMs)}/${Math.round(timing.lastTenthMeanMs)} ms each)  ${timing.statement}`),
    ...(others > 0.1 ? [`  WARNING: other processes used ${Math.round(others * 100)}% of the machine during ${label}; run again for a clean figure.`] : []),
  ];
}
