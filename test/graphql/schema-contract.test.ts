import { readdir, readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { generate, loadContext } from '@graphql-codegen/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IngestRecordsDocument,
  ListProfilesDocument,
  ProfileByIdDocument,
  ProfileByIdentityDocument,
  type ListProfilesQuery,
  type ProfileByIdentityQuery,
} from '../../src/graphql/client/graphql';
import { printHubSchema, SCHEMA_FILE } from '../../src/graphql/emit-schema';
import { startTestHub, type TestHub } from '../support/hub';
import { typedClient } from '../support/typed-client';

const CODEGEN_CONFIG = resolve(__dirname, '../../codegen.yml');
const CLIENT_DIR = resolve(__dirname, '../../src/graphql/client');

describe('committed schema and client', () => {
  it('keeps schema/schema.graphql equal to the schema the resolvers build', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => '(missing)');
    expect(committed, 'schema/schema.graphql is stale: run `npm run schema` (then `npm run codegen`) and commit the result').toBe(await printHubSchema());
  });

  it('keeps src/graphql/client/ equal to what codegen generates from the committed schema and operations', async () => {
    const generated: { filename: string; content: string }[] = await generate(await loadContext(CODEGEN_CONFIG), false);
    const committedNames = (await readdir(CLIENT_DIR)).sort();
    const stale = 'src/graphql/client/ is stale: run `npm run codegen` and commit the result';
    expect(committedNames, stale).toEqual(generated.map((file) => basename(file.filename)).sort());
    for (const file of generated) {
      expect(await readFile(resolve(CLIENT_DIR, basename(file.filename)), 'utf8'), `${stale} (${basename(file.filename)} differs)`).toBe(file.content);
    }
  });
});

describe('generated client against a running hub', () => {
  let hub: TestHub;
  let annId: string;
  let ingestedIds: string[];

  beforeAll(async () => {
    hub = await startTestHub('schema_contract');
    const { ingestRecords } = await typedClient(hub.url, hub.keys.write)(IngestRecordsDocument, {
      source: 'shop',
      records: [
        { external_id: 'c1', email: 'Ann@Example.com', phone: '138 0013 8000', first_name: 'Ann', traits: { tier: 'gold' }, events: [{ id: 'o1', type: 'order', occurred_at: '2026-01-01T00:00:00Z', amount: 10 }] },
        { external_id: 'c2', email: 'bo@example.com', first_name: 'Bo', traits: { tier: 'silver' } },
        { external_id: 'c3', email: 'not-an-email' },
      ],
    });
    expect(ingestRecords).toMatchObject({ read: 3, created: 2, updated: 0, rejected: 1, merges: 0, rejections: [{ index: 2, reason: expect.stringContaining('email') }] });
    ingestedIds = ingestRecords.profileIds;
    expect(ingestedIds).toHaveLength(2);
    // Read straight from the database, so the API answers are checked against an independent source.
    [{ profile_id: annId }] = await hub.testDb.database.query<{ profile_id: string }>("select profile_id from identities where type = 'email' and value = 'ann@example.com'");
    expect(ingestedIds).toContain(annId);
  });
  afterAll(async () => hub?.stop());

  it('finds a profile by an identifier typed the way a user would, with normalized identities', async () => {
    const result: ProfileByIdentityQuery = await typedClient(hub.url, hub.keys.read)(ProfileByIdentityDocument, { type: 'email', value: ' ANN@example.COM ' });
    expect(result.profileByIdentity?.id).toBe(annId);
    expect(result.profileByIdentity?.sources).toEqual(['shop']);
    expect(result.profileByIdentity?.identities.map(({ type, value }) => [type, value]).sort()).toEqual([
      ['email', 'ann@example.com'],
      ['external_id', 'shop:c1'],
      ['phone', '+8613800138000'],
    ]);
    expect(result.profileByIdentity?.traits.find((trait) => trait.key === 'tier')).toMatchObject({ value: 'gold', source: 'shop', rule: 'most_recent' });
  });

  it('reads a profile with its first page of events by id', async () => {
    const { profile } = await typedClient(hub.url, hub.keys.read)(ProfileByIdDocument, { id: annId, eventsFirst: 5 });
    expect(profile?.id).toBe(annId);
    expect(profile?.events.edges.map(({ node }) => [node.id, node.type, node.occurredAt, node.amount, node.source])).toEqual([
      [expect.any(String), 'order', '2026-01-01T00:00:00.000Z', 10, 'shop'],
    ]);
    expect(profile?.events.pageInfo.hasNextPage).toBe(false);
  });

  it('pages through a filtered profile list with totalCount and endCursor', async () => {
    const execute = typedClient(hub.url, hub.keys.read);
    const first: ListProfilesQuery = await execute(ListProfilesDocument, { filter: { source: 'shop' }, first: 1 });
    expect(first.profiles.totalCount).toBe(2);
    expect(first.profiles.pageInfo.hasNextPage).toBe(true);
    const second = await execute(ListProfilesDocument, { filter: { source: 'shop' }, first: 1, after: first.profiles.pageInfo.endCursor });
    expect(second.profiles.pageInfo.hasNextPage).toBe(false);
    expect([...first.profiles.edges, ...second.profiles.edges].map((edge) => edge.node.id).sort()).toEqual([...ingestedIds].sort());

    const gold = await execute(ListProfilesDocument, { filter: { trait: { key: 'tier', value: 'gold' } } });
    expect(gold.profiles.totalCount).toBe(1);
    expect(gold.profiles.edges.map((edge) => edge.node.id)).toEqual([annId]);
  });
});
