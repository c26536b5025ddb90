import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub('batching');
  const customers = Array.from({ length: 100 }, (_, i) => ({
    external_id: `c${i}`,
    email: `customer${i}@example.cn`,
    first_name: `Name${i}`,
    traits: { tier: i % 2 ? 'gold' : 'silver' },
    events: [{ id: `o${i}`, type: 'order', occurred_at: '2026-01-01T00:00:00Z', amount: i }],
  }));
  await hub.services.ingestion.ingest('shop', customers);
  await hub.services.ingestion.ingest('pos', customers.map((c, i) => ({ external_id: `card${i}`, email: c.email, phone: `1380000${String(i).padStart(4, '0')}` })));
});
afterAll(async () => hub?.stop());

const LIST = `query($first: Int!) { profiles(first: $first) { edges { node {
  id sources identities { type value source } traits { key value source observedAt }
  sourceRecords { externalId } mergeHistory { id } events(first: 5) { edges { node { amount } } }
} } } }`;

async function statementsFor(first: number): Promise<{ statements: number; profiles: number }> {
  await hub.graphql('{ profiles(first: 1) { edges { node { id } } } }'); // warms the API-key cache
  const before = hub.statementCount();
  const { body } = await hub.graphql(LIST, { first });
  expect(body.errors).toBeUndefined();
  return { statements: hub.statementCount() - before, profiles: body.data.profiles.edges.length };
}

describe('nested fields are batched', () => {
  it('lists 100 profiles with identities, traits, sources, records, merges and events in as many SQL statements as 2 profiles', async () => {
    const small = await statementsFor(2);
    const large = await statementsFor(100);
    expect(large.profiles).toBe(100);
    expect(small.profiles).toBe(2);
    // One statement for the page and one per nested field, whatever the page size.
    expect(large.statements).toBe(7);
    expect(small.statements).toBe(large.statements);
  });

  it('answers profile(id) with its identities and traits in one SQL statement', async () => {
    const [{ id }] = await hub.services.database.query<{ id: string }>('select id from profiles where merged_into_id is null limit 1');
    await hub.graphql('{ profiles(first: 1) { edges { node { id } } } }'); // warms the API-key cache
    const before = hub.statementCount();
    const { body } = await hub.graphql('query($id: ID!) { profile(id: $id) { id identities { type value } traits { key value observedAt } } }', { id });
    expect(hub.statementCount() - before).toBe(1);
    expect(body.data.profile.identities.map((identity: any) => identity.type)).toEqual(['email', 'external_id', 'external_id', 'phone']);
    expect(body.data.profile.traits.find((trait: any) => trait.key === 'tier')).toMatchObject({ value: expect.stringMatching(/gold|silver/) });
    expect(Date.parse(body.data.profile.traits[0].observedAt)).not.toBeNaN();
  });
});
