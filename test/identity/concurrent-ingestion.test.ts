import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/app/database';
import type { IngestionService } from '../../src/modules/ingestion';
import type { Database } from '../../src/platform/database/database';
import { testServices } from '../support/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

let parallelDb: TestDatabase;
let sequentialDb: TestDatabase;
let secondConnection: Database;

beforeAll(async () => {
  [parallelDb, sequentialDb] = await Promise.all([createTestDatabase('concurrent_parallel'), createTestDatabase('concurrent_sequential')]);
  secondConnection = await connectDatabase(parallelDb.url);
});
afterAll(async () => {
  await secondConnection?.close();
  await Promise.all([parallelDb?.drop(), sequentialDb?.drop()]);
});

const GIVEN = ['Anbo', 'Chenxi', 'Dongmei', 'Feiyu', 'Guorong', 'Haoran', 'Jiayi', 'Kexin', 'Lihua', 'Mingze', 'Ningning', 'Peiling'];
const FAMILY = ['Bai', 'Cao', 'Deng', 'Fan', 'Gu', 'Han', 'Jiang', 'Kong', 'Lu', 'Meng'];

type Batch = { source: string; records: Record<string, unknown>[] };

/**
 * People in three sources: the shop knows e-mail, phone and name; the CRM the e-mail with the name sometimes
 * mistyped (an identifier link); the POS the phone and name (a scored link). Every fourth person shares a
 * phone with the next, as households do (a review at most).
 */
function people(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const given = GIVEN[i % GIVEN.length];
    const family = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length];
    const phone = `139${String(12_345_678 + (i % 4 === 1 ? i - 1 : i) * 7919).slice(-8)}`;
    return {
      shop: { external_id: `s${i}`, first_name: given, last_name: family, email: `p${i}.${family.toLowerCase()}@mail.cn`, phone },
      crm: { external_id: `c${i}`, first_name: i % 3 === 0 ? given.slice(0, -2) + given.at(-1)! + given.at(-2)! : given, last_name: family, email: `P${i}.${family}@mail.cn` },
      pos: { external_id: `m${i}`, first_name: given, last_name: family, phone: `+86 ${phone}` },
    };
  });
}

function batches(source: 'shop' | 'crm' | 'pos', list: ReturnType<typeof people>, size: number): Batch[] {
  const result: Batch[] = [];
  for (let start = 0; start < list.length; start += size) result.push({ source, records: list.slice(start, start + size).map((person) => person[source]) });
  return result;
}

async function partition(database: Database): Promise<string[][]> {
  const rows = await database.query<{ members: string[] }>(
    `select array_agg(s.source || ':' || s.external_id order by s.source, s.external_id) as members
       from source_records s join profiles p on p.id = s.profile_id and p.merged_into_id is null
      group by s.profile_id`,
  );
  return rows.map((row) => row.members).sort((a, b) => a[0].localeCompare(b[0]));
}

describe('concurrent ingestion', () => {
  it('ends with the same profiles when two workers ingest overlapping batches at once as when one ingests them in turn', async () => {
    const list = people(120);
    // Worker one: the shop in small batches (per-key locks), then most of the CRM in one bulk batch (the exclusive lock).
    const first: Batch[] = [...batches('shop', list, 8), { source: 'crm', records: list.slice(0, 90).map((person) => person.crm) }];
    // Worker two: the POS and the CRM's second half in small batches, overlapping the first worker's CRM batch.
    const second: Batch[] = [...batches('pos', list, 8), ...batches('crm', list.slice(60), 8)];
    const interleaved = (a: Batch[], b: Batch[]) => Array.from({ length: Math.max(a.length, b.length) }, (_, i) => [a[i], b[i]]).flat().filter(Boolean);

    const workerOne = testServices(parallelDb.database).ingestion;
    const workerTwo = testServices(secondConnection).ingestion;
    const run = async (worker: IngestionService, list: Batch[]) => {
      for (const batch of list) await worker.ingest(batch.source, batch.records);
    };
    await Promise.all([run(workerOne, first), run(workerTwo, second)]);

    const alone = testServices(sequentialDb.database).ingestion;
    await run(alone, interleaved(first, second));

    const [parallel, sequential] = await Promise.all([partition(parallelDb.database), partition(sequentialDb.database)]);
    expect(parallel).toEqual(sequential);
    // The expected shape: every person's three records in one profile.
    expect(sequential).toHaveLength(120);
    expect(sequential.every((members) => members.length === 3)).toBe(true);
    const orphans = await parallelDb.database.query('select s.id from source_records s join profiles p on p.id = s.profile_id where p.merged_into_id is not null');
    expect(orphans).toEqual([]);
  });
});
