import type { Logger } from '../logger';
import type { SqlExecutor } from './database';

/** What upkeep needs of the store: plain statements outside any transaction (VACUUM refuses to run in one). */
type Statements = Pick<SqlExecutor, 'query'>;

export interface TableUpkeepOptions {
  /** The tables to vacuum and analyze, written by ingestion and read by its lookups. */
  tables: readonly string[];
  /** Records written before the first pass; later passes come after a quarter more, like autovacuum's scale factor. */
  firstAfterRecords?: number;
}

const SQL_NAME = /^[a-z_][a-z0-9_]*$/;
const DEFAULT_FIRST_AFTER = 10_000;
const GROWTH = 0.25;

/**
 * Keeps the ingestion tables' statistics and visibility maps fresh on a server whose autovacuum is off
 * (these development machines run PostgreSQL that way). Without statistics the planner misjudges every
 * lookup of a growing table, and without a visibility map an index-only probe of the blocking keys reads
 * the heap for each entry: at 100k records the candidate lookup took 213-395 ms unvacuumed and 110-149 ms
 * after one `VACUUM (ANALYZE)` of 0.2 s. Where autovacuum runs, this does nothing.
 *
 * A pass runs in the background on its own pooled connection (it blocks no reads or writes, and skips a
 * table another session is vacuuming), so ingestion does not wait for it. Each process counts only what
 * it wrote; several processes may each run a pass, which costs little.
 */
export class TableUpkeep {
  private written = 0;
  private nextPassAt: number;
  private running: Promise<void> | undefined;
  private autovacuumOn: Promise<boolean> | undefined;

  constructor(
    private readonly database: Statements,
    private readonly logger: Pick<Logger, 'warn' | 'debug'>,
    private readonly options: TableUpkeepOptions,
  ) {
    if (!options.tables.every((table) => SQL_NAME.test(table))) throw new Error(`TableUpkeep: '${options.tables.join(', ')}' are not plain table names`);
    this.nextPassAt = options.firstAfterRecords ?? DEFAULT_FIRST_AFTER;
  }

  /** Counts records a committed batch wrote, and starts a pass once enough have been written since the last. */
  recordsWritten(count: number): void {
    this.written += count;
    if (this.written < this.nextPassAt || this.running) return;
    this.nextPassAt = Math.ceil(this.written * (1 + GROWTH));
    this.running = this.pass()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'table upkeep failed; ingestion goes on without it'))
      .finally(() => (this.running = undefined));
  }

  /** Resolves when no pass is running: a process that stops, or a test, waits for the one in flight. */
  async settled(): Promise<void> {
    await this.running;
  }

  private async pass(): Promise<void> {
    this.autovacuumOn ??= this.database
      .query<{ autovacuum: string }>("select current_setting('autovacuum') as autovacuum")
      .then(([row]) => row.autovacuum === 'on');
    if (await this.autovacuumOn) return;
    const started = performance.now();
    await this.database.query(`vacuum (analyze, skip_locked) ${this.options.tables.join(', ')}`);
    this.logger.debug({ tables: this.options.tables, ms: Math.round(performance.now() - started), recordsWritten: this.written }, 'vacuumed and analyzed ingestion tables');
  }
}
