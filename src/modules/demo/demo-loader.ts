import type { IngestionService } from '../ingestion/ingestion.service';
import type { SqlExecutor } from '../../platform/database/database';
import { generateDemoDataset } from './demo-dataset';

const BATCH_SIZE = 500;

/**
 * Loads the built-in demo (shop, POS, WeChat and CRM customers that overlap) through the ordinary
 * ingestion service, only when the store holds no records yet. Returns how many records it sent.
 */
export async function loadDemoIfEmpty(database: SqlExecutor, ingestion: IngestionService): Promise<number> {
  const [{ empty }] = await database.query<{ empty: boolean }>('select not exists (select 1 from source_records) as empty');
  if (!empty) return 0;
  let sent = 0;
  for (const { source, records } of generateDemoDataset()) {
    for (let start = 0; start < records.length; start += BATCH_SIZE) {
      const batch = records.slice(start, start + BATCH_SIZE);
      const result = await ingestion.ingest(source, batch);
      if (result.rejected > 0) throw new Error(`demo data for ${source} was rejected: ${result.rejections[0].reason}`);
      sent += batch.length;
    }
  }
  return sent;
}
