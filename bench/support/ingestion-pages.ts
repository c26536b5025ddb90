import type { ResolutionRecord } from '../../src/modules/identity';
import type { IngestionService, Rejection } from '../../src/modules/ingestion';
import type { BenchDatabase } from './bench-database';
import { clusterQuality, type ClusterQuality } from './identity-scores';

/** Ingestion as connectors feed it: pages of this many records, the sources taking turns. */
export const PAGE_SIZE = 1000;
const SOURCES = ['shop', 'pos', 'wechat', 'crm'];

export interface Page<T> {
  source: string;
  records: T[];
}

/** Each source's records in pages, in the population's order, the sources taking turns page by page until all are sent. */
export function pagesBySourceInTurn(records: readonly ResolutionRecord[]): Page<ResolutionRecord>[] {
  const bySource = SOURCES.map((source) => records.filter((record) => record.source === source));
  const pages: Page<ResolutionRecord>[] = [];
  for (let start = 0; bySource.some((list) => start < list.length); start += PAGE_SIZE) {
    bySource.forEach((list, index) => {
      if (start < list.length) pages.push({ source: SOURCES[index], records: list.slice(start, start + PAGE_SIZE) });
    });
  }
  return pages;
}

/** The record as a connector's mapping hands it over: canonical fields, dates as YYYY-MM-DD (or left out). */
export function canonicalRecord(record: ResolutionRecord, dropped: { dates: number }): Record<string, string> {
  const canonical: Record<string, string> = { external_id: record.externalId! };
  for (const [field, value] of Object.entries(record.fields)) {
    if (field !== 'date_of_birth') canonical[field] = value;
    else {
      const date = /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6)}` : value;
      if (/^\d{4}-\d{2}-\d{2}$/.test(date)) canonical.date_of_birth = date;
      else dropped.dates++;
    }
  }
  return canonical;
}

/** Pages one after the other, the next one validated and normalized while the database writes the one before (as importCsvFile does). */
export async function ingestPages(ingestion: IngestionService, pages: Page<Record<string, string>>[], onPage: (page: number, rejections: Rejection[]) => void) {
  const totals = { created: 0, updated: 0, rejected: 0, merges: 0 };
  let inFlight: Promise<void> = Promise.resolve();
  for (const [index, page] of pages.entries()) {
    const prepared = await ingestion.prepare(page.source, page.records);
    await inFlight;
    inFlight = ingestion.ingestPrepared(prepared).then((result) => {
      totals.created += result.created;
      totals.updated += result.updated;
      totals.rejected += result.rejected;
      totals.merges += result.merges;
      onPage(index, result.rejections);
    });
  }
  await inFlight;
  return totals;
}

/** The store's profiles as groups of the population's record ids, scored against the truth. */
export async function storeQuality(bench: BenchDatabase, records: readonly ResolutionRecord[], truth: ReadonlyMap<string, string>): Promise<{ quality: ClusterQuality; profiles: number; groups: string[][] }> {
  const idOf = new Map(records.map((record) => [`${record.source}\u0000${record.externalId}`, record.id]));
  const rows = await bench.database.query<{ source: string; external_id: string; profile_id: string }>('select source, external_id, profile_id from source_records');
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const id = idOf.get(`${row.source}\u0000${row.external_id}`);
    if (id === undefined) throw new Error(`the store holds a record the benchmark never sent: ${row.source} ${row.external_id}`);
    (groups.get(row.profile_id) ?? groups.set(row.profile_id, []).get(row.profile_id)!).push(id);
  }
  return { quality: clusterQuality([...groups.values()], truth), profiles: groups.size, groups: [...groups.values()] };
}

