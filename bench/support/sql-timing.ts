import type { Database } from '../../src/platform/database/database';

export interface StatementTiming {
  statement: string;
  count: number;
  totalMs: number;
  /** Mean of the first and of the last tenth of the calls: growth means the statement slows as the store fills. */
  firstTenthMeanMs: number;
  lastTenthMeanMs: number;
}

/**
 * Wall time per kind of SQL statement that goes through Database's plain-SQL path (what ingestion uses),
 * COPYs included, measured from the client: it says which statement of a batch the database spends its time
 * on. Diagnostic only: it wraps the instance's private runners for the duration and puts them back on stop().
 */
export function timeStatements(database: Database): { stop(): StatementTiming[] } {
  const calls = new Map<string, number[]>();
  const record = (statement: string, started: number) => {
    const durations = calls.get(statement) ?? [];
    durations.push(performance.now() - started);
    calls.set(statement, durations);
  };
  // run(client, text, params) and copy(client, table, columns, rows): the statement is named by its text, or `copy <table>`.
  const restores = [
    wrapRunner(database, 'run', (args) => String(args[1]).replace(/\s+/g, ' ').trim().slice(0, 70), record),
    wrapRunner(database, 'copy', (args) => `copy ${String(args[1])} from stdin`, record),
  ];
  return {
    stop() {
      for (const restore of restores) restore();
      return [...calls].map(([statement, durations]) => summarize(statement, durations)).sort((a, b) => b.totalMs - a.totalMs);
    },
  };
}

function wrapRunner(database: Database, method: 'run' | 'copy', label: (args: unknown[]) => string, record: (statement: string, started: number) => void): () => void {
  const target = database as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = target[method];
  const hadOwnRunner = Object.prototype.hasOwnProperty.call(target, method);
  target[method] = async function timed(this: unknown, ...args: unknown[]) {
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      record(label(args), started);
    }
  };
  return () => {
    if (hadOwnRunner) target[method] = original;
    else delete target[method];
  };
}

function summarize(statement: string, durations: number[]): StatementTiming {
  const tenth = Math.max(1, Math.floor(durations.length / 10));
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    statement,
    count: durations.length,
    totalMs: durations.reduce((sum, value) => sum + value, 0),
    firstTenthMeanMs: mean(durations.slice(0, tenth)),
    lastTenthMeanMs: mean(durations.slice(-tenth)),
  };
}

export function sqlSeconds(timings: StatementTiming[]): number {
  return timings.reduce((sum, timing) => sum + timing.totalMs, 0) / 1000;
}

/** Table upkeep's VACUUM and ANALYZE run on a connection of their own beside the batches: counted apart. */
export function splitUpkeep(timings: StatementTiming[]): { upkeep: StatementTiming[]; batchStatements: StatementTiming[] } {
  const upkeep = timings.filter((timing) => /^(vacuum|analyze)\b/.test(timing.statement));
  return { upkeep, batchStatements: timings.filter((timing) => !upkeep.includes(timing)) };
}

/** Where the batches' SQL time went: the total against the run's seconds, and the five slowest statements with their growth. */
export function statementNotes(batchStatements: StatementTiming[], seconds: number): string[] {
  return [
    `${sqlSeconds(batchStatements).toFixed(1)} s of ${seconds.toFixed(1)} s inside the batches' SQL statements (parameter encoding, round trip, execution); the rest is JavaScript (parsing, validation, normalization, resolution). Slowest statements:`,
    ...batchStatements
      .slice(0, 5)
      .map(
        (timing) =>
          `  ${(timing.totalMs / 1000).toFixed(2)} s  ${timing.count}x (first/last tenth ${Math.round(timing.firstTenthMeanMs)}/${Math.round(timing.lastTenthMeanMs)} ms each)  ${timing.statement}`,
      ),
  ];
}

export function upkeepNotes(upkeep: StatementTiming[]): string[] {
  return upkeep.map((timing) => `table upkeep (VACUUM ANALYZE, on its own connection beside the batches): ${timing.count} passes, ${(timing.totalMs / 1000).toFixed(1)} s`);
}
