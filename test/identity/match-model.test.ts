import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_RECORDS_FOR_ESTIMATE, estimateMatchModel } from '../../src/modules/identity/match-model.estimation';
import type { ProbabilisticResolver } from '../../src/modules/identity/probabilistic.resolver';
import type { IngestionService } from '../../src/modules/ingestion';
import { testServices } from '../support/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

let testDb: TestDatabase;
let ingestion: IngestionService;
let resolver: ProbabilisticResolver;

beforeAll(async () => {
  testDb = await createTestDatabase('match_model');
  const services = testServices(testDb.database);
  ingestion = services.ingestion;
  resolver = services.identity.resolver;
});
afterAll(async () => testDb?.drop());

const GIVEN = ['Wei', 'Fang', 'Na', 'Min', 'Jing', 'Lei', 'Jun', 'Yan', 'Tao', 'Ming', 'Chao', 'Xia', 'Ping', 'Gang', 'Hui'];
const FAMILY = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Zhao', 'Huang', 'Zhou', 'Wu', 'Xu', 'Sun', 'Hu', 'Zhu', 'Gao'];
const person = (i: number) => ({
  first_name: GIVEN[i % GIVEN.length],
  last_name: FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length],
  email: `member${i}@mail.cn`,
  phone: `139${String(10_234_567 + i * 7_919).slice(-8)}`,
  city: ['上海', '北京', '广州'][i % 3],
});

describe('the match model', () => {
  it('scores with the start model until one is estimated, and refuses to estimate from too little or one source', async () => {
    expect((await resolver.models.current(testDb.database)).origin).toBe('start');
    expect(await estimateMatchModel(testDb.database, resolver.config, resolver.models)).toEqual({ estimated: false, reason: `the store holds 0 records; estimating needs ${MIN_RECORDS_FOR_ESTIMATE}` });
    await ingestion.ingest('shop', Array.from({ length: 1000 }, (_, i) => ({ external_id: `s${i}`, ...person(i) })));
    expect(await estimateMatchModel(testDb.database, resolver.config, resolver.models)).toMatchObject({ estimated: false, reason: expect.stringMatching(/one source only/) });
  });

  it('estimates from a store with duplicates across sources, stores it, and ingestion scores with it from then on', async () => {
    await ingestion.ingest('crm', Array.from({ length: 500 }, (_, i) => ({ external_id: `c${i}`, ...person(i * 2), email: undefined })));
    const outcome = await estimateMatchModel(testDb.database, resolver.config, resolver.models);
    expect(outcome).toMatchObject({ estimated: true, records: 1500 });
    const [row] = await testDb.database.query<{ origin: string; records: number }>('select origin, records from identity_models');
    expect(row).toEqual({ origin: 'estimated', records: 1500 });
    expect(await resolver.models.current(testDb.database)).toMatchObject({ origin: 'estimated', id: (outcome as { modelId: string }).modelId });
  });
});
