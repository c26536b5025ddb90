import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_RECORDS_FOR_ESTIMATE, type MatchModelService } from '../../src/modules/identity';
import type { ProbabilisticResolver } from '../../src/modules/identity/probabilistic.resolver';
import type { IngestionService } from '../../src/modules/ingestion';
import { testServices } from '../support/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

let testDb: TestDatabase;
let ingestion: IngestionService;
let resolver: ProbabilisticResolver;
let models: MatchModelService;

beforeAll(async () => {
  testDb = await createTestDatabase('match_model');
  const services = testServices(testDb.database);
  ingestion = services.ingestion;
  resolver = services.identity.resolver;
  models = services.identity.matchModel;
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

// The crm knows half the shop's members again; a third of them by a work address (people have several).
const crmCopy = (i: number) => ({ ...person(i), email: i % 3 === 0 ? `staff${i}@corp.cn` : person(i).email });

const storedModels = async () => (await testDb.database.query<{ count: number }>('select count(*)::int as count from identity_models'))[0].count;

async function estimated() {
  const estimate = await models.estimate();
  if (!estimate.estimated) throw new Error(`expected an estimate, got: ${estimate.reason}`);
  return estimate;
}

describe('the match model service', () => {
  it('shows the start model until one is applied, and refuses to estimate from too few records or from one source', async () => {
    const start = await models.current();
    expect(start).toMatchObject({ origin: 'start', id: null, made: null });
    expect(start.fields.find((field) => field.field === 'email')?.levels.map((level) => level.level)).toEqual(['exact', 'similar', 'different']);
    expect(await models.estimate()).toEqual({ estimated: false, reason: `the store holds 0 records; estimating needs ${MIN_RECORDS_FOR_ESTIMATE}` });
    await ingestion.ingest('shop', Array.from({ length: 1000 }, (_, i) => ({ external_id: `s${i}`, ...person(i) })));
    expect(await models.estimate()).toMatchObject({ estimated: false, reason: expect.stringMatching(/one source only/) });
    expect(await storedModels()).toBe(0);
  });

  it('estimates from a store with duplicates across sources without writing anything until the estimate is applied', async () => {
    await ingestion.ingest('crm', Array.from({ length: 500 }, (_, i) => ({ external_id: `c${i}`, ...crmCopy(i * 2) })));
    const estimate = await estimated();
    expect(estimate.basis).toMatchObject({ records: 1500, pairs: expect.any(Number), iterations: expect.any(Number) });
    expect(estimate.basis.pairs).toBeGreaterThan(0);
    expect(estimate.prior).toBe(estimate.parameters.prior);
    // Learnt from this store, not the start model handed back.
    expect(estimate.parameters).not.toEqual(await resolver.model(testDb.database));
    // The crm's copies share their phone: EM learns that a shared phone is strong evidence.
    const samePhone = estimate.fields.find((field) => field.field === 'phone')?.levels[0];
    expect(samePhone?.level).toBe('exact');
    expect(samePhone?.weight).toBeGreaterThan(10);
    expect(await storedModels()).toBe(0);
    expect(await models.current()).toMatchObject({ origin: 'start', id: null });
  });

  it('scores with an applied estimate from then on, in this process at once and in a new one', async () => {
    const estimate = await estimated();
    const id = await models.apply(estimate);
    expect(id).toMatch(/^mdl_/);
    const [row] = await testDb.database.query<{ id: string; origin: string; records: number; pairs: number }>('select id, origin, records, pairs from identity_models');
    expect(row).toEqual({ id, origin: 'estimated', records: 1500, pairs: estimate.basis.pairs });
    const current = await models.current();
    expect(current).toMatchObject({ origin: 'estimated', id, prior: estimate.prior, fields: estimate.fields, made: { records: 1500, pairs: estimate.basis.pairs } });
    expect(current.made?.createdAt).toBeInstanceOf(Date);
    expect(await resolver.model(testDb.database)).toEqual(estimate.parameters);
    const anotherProcess = testServices(testDb.database).identity;
    expect(await anotherProcess.resolver.model(testDb.database)).toEqual(estimate.parameters);
    expect(await anotherProcess.matchModel.current()).toMatchObject({ origin: 'estimated', id });
  });
});

describe('an estimate that is not about people', () => {
  let otherDb: TestDatabase;
  beforeAll(async () => (otherDb = await createTestDatabase('match_model_implausible')));
  afterAll(async () => otherDb?.drop());

  it('is refused, not stored as the start model under the name of an estimate', async () => {
    // No crm record carries an e-mail: every pair EM sees compare e-mails on are strangers, so a different one costs nothing.
    const services = testServices(otherDb.database);
    await services.ingestion.ingest('shop', Array.from({ length: 1000 }, (_, i) => ({ external_id: `s${i}`, ...person(i) })));
    await services.ingestion.ingest('crm', Array.from({ length: 500 }, (_, i) => ({ external_id: `c${i}`, ...person(i * 2), email: undefined })));
    expect(await services.identity.matchModel.estimate()).toEqual({ estimated: false, reason: expect.stringMatching(/^the estimate is not plausible: a different email came out as/) });
    expect(await services.identity.matchModel.current()).toMatchObject({ origin: 'start' });
  });
});
