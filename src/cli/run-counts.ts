import type { StreamStats } from '../modules/sync';

/** `read N, created N, updated N, unchanged N, rejected N, suppressed N`; with `withTotal`, `read N, of T, …` where the platform reported T. */
export function countsText(stats: StreamStats, options: { withTotal?: boolean } = {}): string {
  const total = options.withTotal && stats.total !== undefined ? `, of ${stats.total}` : '';
  return `read ${stats.read}${total}, created ${stats.created}, updated ${stats.updated}, unchanged ${stats.unchanged}, rejected ${stats.rejected}, suppressed ${stats.suppressed ?? 0}`;
}

/** The streams' counts added up (their totals left out: they are per stream). */
export function sumCounts(all: readonly StreamStats[]): StreamStats {
  const sum = (key: 'read' | 'created' | 'updated' | 'unchanged' | 'rejected' | 'suppressed') => all.reduce((result, stats) => result + (stats[key] ?? 0), 0);
  return { read: sum('read'), created: sum('created'), updated: sum('updated'), unchanged: sum('unchanged'), rejected: sum('rejected'), suppressed: sum('suppressed') };
}
