import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubServices } from '../../src/app/services';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testServices } from '../support/services';

let testDb: TestDatabase;
let services: HubServices;

beforeAll(async () => {
  testDb = await createTestDatabase('generic_values');
  services = testServices(testDb.database);
});
afterAll(async () => testDb?.drop());

const query = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => testDb.database.query<T>(text, params);
const profileOf = async (source: string, externalId: string) =>
  (await query<{ profile_id: string }>('select profile_id from source_records where source = $1 and external_id = $2', [source, externalId]))[0].profile_id;

describe('a value that turns generic', () => {
  it('splits again what it alone had joined, and says why in merge history', async () => {
    // A front desk's number: first one customer and a walk-in with nothing but the number, one person as far as anyone knows.
    await services.ingestion.ingest('pos', [
      { external_id: 'w1', full_name: 'John Smith', date_of_birth: '1980-03-04', phone: '021 6888 1234' },
      { external_id: 'w2', phone: '021-68881234' },
    ]);
    expect(await profileOf('pos', 'w2')).toBe(await profileOf('pos', 'w1'));
    const joined = await profileOf('pos', 'w1');

    // Then two more people give the same number: it is the desk's, not John's.
    const later = await services.ingestion.ingest('shop', [
      { external_id: 's1', full_name: 'Mary Jones', date_of_birth: '1975-05-06', phone: '+86 21 6888 1234' },
      { external_id: 's2', full_name: 'Tom Brown', date_of_birth: '1990-09-10', phone: '02168881234' },
    ]);
    const [w1, w2, s1, s2] = await Promise.all([profileOf('pos', 'w1'), profileOf('pos', 'w2'), profileOf('shop', 's1'), profileOf('shop', 's2')]);
    expect(new Set([w1, w2, s1, s2]).size).toBe(4);
    expect(w1).toBe(joined);
    expect(later.profileIds.sort()).toEqual([s1, s2].sort());

    const split = (await mergeDecisionsOf(joined)).find((decision: { kind: string }) => decision.kind === 'split');
    expect(split).toMatchObject({ actor: 'system:reresolve', mergedProfileId: w2 });
    expect(split?.evidence.reason).toBe('phone +862168881234 is held by 3 people: it no longer links on its own');
    // Not a person's decision: nothing stops new evidence from joining them again.
    expect(await query('select * from cannot_links')).toEqual([]);
  });

  it('leaves alone a profile that something else holds together as well', async () => {
    await services.ingestion.ingest('crm', [
      { external_id: 'c1', full_name: 'Ann Lee', phone: '0755 2666 7788', email: 'ann.lee@mail.cn' },
      { external_id: 'c2', phone: '0755-26667788', email: 'ann.lee@mail.cn' },
    ]);
    const ann = await profileOf('crm', 'c1');
    expect(await profileOf('crm', 'c2')).toBe(ann);
    await services.ingestion.ingest('shop', [
      { external_id: 'x1', full_name: 'Bo Wang', date_of_birth: '1970-02-03', phone: '075526667788' },
      { external_id: 'x2', full_name: 'Chen Yu', date_of_birth: '1999-12-11', phone: '+86 755 2666 7788' },
    ]);
    expect(await profileOf('crm', 'c2')).toBe(ann);
    expect(await profileOf('crm', 'c1')).toBe(ann);
    expect(await profileOf('shop', 'x1')).not.toBe(ann);
  });
});

/** The profile's merge history as stored (what GraphQL mergeHistory shows). */
async function mergeDecisionsOf(profileId: string) {
  const rows = await query<{ kind: string; actor: string; merged_profile_id: string; evidence: Record<string, unknown> }>(
    'select kind, actor, merged_profile_id, evidence from merge_decisions where surviving_profile_id = $1 order by decided_at',
    [profileId],
  );
  return rows.map((row) => ({ kind: row.kind, actor: row.actor, mergedProfileId: row.merged_profile_id, evidence: row.evidence }));
}
