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
 * measured from the client: it says which statement of a batch the database spends its time on.
 * Diagnostic only: it wraps the instance's private runner for the duration and puts it back on stop().
 */
export function timeStatements(database: Database): { stop(): StatementTiming[] } {
  const target = database as unknown as { run: (client: unknown, text: string, params?: unknown[]) => Promise<unknown[]> };
  const original = target.run;
  const hadOwnRunner = Object.prototype.hasOwnProperty.call(target, 'run');
  const calls = new Map<string, number[]>();
  target.run = async function timedRun(this: unknown, client, text, params) {
    const started = performance.now();
    try {
      return await original.call(this, client, text, params);
    } finally {
      const statement = text.replace(/\s+/g, ' ').trim().slice(0, 70);
      const durations = calls.get(statement) ?? [];
      durations.push(performance.now() - started);
      calls.set(statement, durations);
    }
  };
  return {
    stop() {
      if (hadOwnRunner) target.run = original;
      else delete (target as { run?: unknown }).run;
      return [...calls].map(([statement, durations]) => summarize(statement, durations)).sort((a, b) => b.totalMs - a.totalMs);
    },
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
