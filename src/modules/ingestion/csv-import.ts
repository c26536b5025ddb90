import { createReadStream } from 'node:fs';
import type { IngestionService } from './ingestion.service';
import type { CsvReadOptions } from '../../platform/csv-rows';
import { readCsvRecords } from './csv-records';

export interface CsvImportOptions extends Partial<CsvReadOptions> {
  source: string;
  /** The file's region (`hub import --region`): where phones without a country code are read when a row's country says nothing. */
  region?: string;
  batchSize?: number;
  /** After each batch is stored: the file's bytes read and its rows done (stored, rejected or suppressed), for a progress bar. */
  onProgress?: (bytesRead: number, rowsDone: number) => void;
  /** Every row that is not stored, with its line number: nothing is skipped silently. */
  onRejection?: (line: number, reason: string) => void;
}

export interface CsvImportSummary {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Rows of erased people, not stored (the suppression list). */
  suppressed: number;
  merges: number;
}

const FIRST_BATCH = 100;

/**
 * Streams a CSV file through the ingestion service in batches (one transaction each). Batches are written
 * one after the other, but the next one is read and prepared (validated, normalized) while the database
 * writes the one before: the two cores of a small machine both work.
 */
export async function importCsvFile(ingestion: IngestionService, filePath: string, options: CsvImportOptions): Promise<CsvImportSummary> {
  const summary: CsvImportSummary = { read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, suppressed: 0, merges: 0 };
  const batchSize = options.batchSize ?? 1000;
  // The first batch is small, so progress shows within a second (the first batch also warms the store up).
  let nextBatchSize = Math.min(batchSize, FIRST_BATCH);
  let rowsDone = 0;
  const input = createReadStream(filePath);
  let batch: { line: number; record: Record<string, unknown> }[] = [];
  let inFlight: Promise<void> = Promise.resolve();

  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    nextBatchSize = batchSize;
    const prepared = await ingestion.prepare(options.source, rows.map((row) => row.record), { region: options.region });
    await inFlight;
    inFlight = ingestion.ingestPrepared(prepared).then((result) => {
      for (const rejection of result.rejections) options.onRejection?.(rows[rejection.index].line, rejection.reason);
      summary.created += result.created;
      summary.updated += result.updated;
      summary.unchanged += result.unchanged;
      summary.rejected += result.rejected;
      summary.suppressed += result.suppressed;
      summary.merges += result.merges;
      rowsDone += rows.length;
      options.onProgress?.(input.bytesRead, rowsDone);
    });
    // Awaited at the next flush or at the end; until then a failure must not count as unhandled.
    inFlight.catch(() => undefined);
  };

  for await (const row of readCsvRecords(input, options)) {
    summary.read++;
    if ('error' in row) {
      summary.rejected++;
      rowsDone++;
      options.onRejection?.(row.line, row.error);
      continue;
    }
    batch.push(row);
    if (batch.length >= nextBatchSize) await flush();
  }
  await flush();
  await inFlight;
  return summary;
}
