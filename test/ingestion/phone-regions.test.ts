import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubServices } from '../../src/app/services';
import { HubError } from '../../src/errors/hub-error';
import { affectedRecords } from '../../src/modules/identity/rules-preview.store';
import { sampleStoredRecords } from '../../src/modules/profiles';
import { testServices } from '../support/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

// The hub's default region is CN (HUB_DEFAULT_REGION unset): a US store's numbers need the store's region.
let testDb: TestDatabase;
let services: HubServices;

beforeAll(async () => {
  testDb = await createTestDatabase('phone_regions');
  services = testServices(testDb.database);
});
afterAll(async () => testDb?.drop());

const query = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => testDb.database.query<T>(text, params);

const phonesOf = async (profileId: string) =>
  (await query<{ value: string }>("select value from identities where profile_id = $1 and type = 'phone' order by value", [profileId])).map((row) => row.value);

const recordOf = async (source: string, externalId: string) =>
  (await query<{ id: string; profile_id: string; phone_region: string | null }>('select id, profile_id, phone_region from source_records where source = $1 and external_id = $2', [source, externalId]))[0];

describe('phones without a country code, read in their source region', () => {
  it("reads a US store's two ways of writing one number as one phone of one profile, and keeps the region with each record", async () => {
    const result = await services.ingestion.ingest(
      'us-shop',
      [
        { external_id: 'u1', first_name: 'Ann', phone: '617.671.3260' },
        { external_id: 'u2', first_name: 'Ann', phone: '(617) 671-3260' },
      ],
      { region: 'US' },
    );
    expect(result).toMatchObject({ created: 2, rejected: 0 });
    expect(result.profileIds).toHaveLength(1);
    expect(await phonesOf(result.profileIds[0])).toEqual(['+16176713260']);
    expect(await recordOf('us-shop', 'u1')).toMatchObject({ phone_region: 'US' });
  });

  it("reads the same number in the hub's default region when the batch names none: no +1 number", async () => {
    const result = await services.ingestion.ingest('cn-shop', [{ external_id: 'c1', phone: '617.671.3260' }]);
    expect(result).toMatchObject({ created: 1, rejected: 0 });
    const c1 = await recordOf('cn-shop', 'c1');
    expect(c1).toMatchObject({ phone_region: null });
    // Not a valid number in CN: the record keeps it as evidence, as no identifier, and certainly not as +1….
    const phones = await query<{ value: string }>("select value from identities where source_record_id = $1 and type = 'phone'", [c1.id]);
    expect(phones).toEqual([]);
  });

  it("reads a record's own country before its source's region", async () => {
    const result = await services.ingestion.ingest('us-shop', [{ external_id: 'u3', country: 'CN', phone: '138 1234 8000' }], { region: 'US' });
    expect(await phonesOf(result.profileIds[0])).toEqual(['+8613812348000']);
  });

  it('joins a later record of another source to the profile, re-reading the stored records in their region', async () => {
    // A hub process of its own: nothing of the first batches is cached, every candidate is read from the store.
    const later = testServices(testDb.database);
    const usProfile = (await recordOf('us-shop', 'u1')).profile_id;
    const result = await later.ingestion.ingest('crm', [{ external_id: 'k1', phone: '+1 617 671 3260' }]);
    expect(result.profileIds).toEqual([usProfile]);
    // The profile is re-derived from all its records: the US store's are read in US again, not in CN, and
    // so still hold the phone they brought first.
    expect(await query("select source from identities where profile_id = $1 and type = 'phone'", [usProfile])).toEqual([{ source: 'us-shop' }]);

    const [u1, k1] = [await recordOf('us-shop', 'u1'), await recordOf('crm', 'k1')];
    const explanation = await later.identity.explanations.explain(u1.id, k1.id);
    expect(explanation.fields.find((field) => field.field === 'phone')).toMatchObject({ left: '+16176713260', right: '+16176713260', agreement: 'exact' });

    // A rules preview and the match model's sample re-read the stored records in their regions too.
    expect(await later.identity.preview.preview({})).toMatchObject({ splits: 0, merges: 0 });
    const previewed = await affectedRecords(testDb.database, 100, 100);
    expect(previewed.filter((record) => record.profileId === usProfile).map((record) => [record.source, record.phoneRegion]).sort()).toEqual([
      ['crm', null],
      ['us-shop', 'US'],
      ['us-shop', 'US'],
    ]);
    const sampled = await sampleStoredRecords(testDb.database, 100, 100);
    expect(sampled.find((record) => record.sourceRecordId === u1.id)).toMatchObject({ phoneRegion: 'US' });
  });

  it('counts a record sent again with another region as updated, and the same region as unchanged', async () => {
    const record = { external_id: 'r1', email: 'region.change@example.cn' };
    expect(await services.ingestion.ingest('region-shop', [record], { region: 'us' })).toMatchObject({ created: 1 });
    expect(await recordOf('region-shop', 'r1')).toMatchObject({ phone_region: 'US' });
    expect(await services.ingestion.ingest('region-shop', [record], { region: 'US' })).toMatchObject({ unchanged: 1 });
    expect(await services.ingestion.ingest('region-shop', [record], { region: 'GB' })).toMatchObject({ updated: 1 });
    expect(await recordOf('region-shop', 'r1')).toMatchObject({ phone_region: 'GB' });
    expect(await services.ingestion.ingest('region-shop', [record])).toMatchObject({ updated: 1 });
    expect(await recordOf('region-shop', 'r1')).toMatchObject({ phone_region: null });
    expect(await services.ingestion.ingest('region-shop', [record])).toMatchObject({ unchanged: 1 });
  });

  it('refuses a region that is no ISO 3166-1 alpha-2 code, naming examples, and stores nothing', async () => {
    for (const region of ['XX', 'USA', '', 'United States']) {
      const attempt = services.ingestion.ingest('bad-region', [{ external_id: 'b1', phone: '617.671.3260' }], { region });
      await expect(attempt).rejects.toBeInstanceOf(HubError);
      await expect(attempt).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/region '.*' is not a region phone numbers can be read in: .*such as US, CN/) });
    }
    expect(await recordOf('bad-region', 'b1')).toBeUndefined();
  });
});
