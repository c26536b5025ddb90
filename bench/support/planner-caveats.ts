import type { BenchDatabase } from './bench-database';

/** Without statistics the planner may scan whole tables per batch; say so when that was the situation. */
export async function plannerCaveats(bench: BenchDatabase, during: string): Promise<string[]> {
  const [{ autovacuum }] = await bench.database.query<{ autovacuum: string }>("select current_setting('autovacuum') as autovacuum");
  const unanalyzed = await bench.database.query<{ relname: string }>(
    `select relname from pg_stat_user_tables where relname in ('identities', 'traits', 'source_records', 'profiles')
        and last_analyze is null and last_autoanalyze is null order by relname`,
  );
  if (unanalyzed.length === 0) return [];
  return [`autovacuum is ${autovacuum} on this server; never analyzed during ${during}: ${unanalyzed.map((row) => row.relname).join(', ')}`];
}
