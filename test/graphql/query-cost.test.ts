import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;

// The attack of issue 20: 200 aliases of 500 profiles with 500 events each (21 KB; it took 50 s and 2 GB).
const ATTACK_ALIAS = 'profiles(first: 500) { edges { node { id identities { type value } traits { key value } events(first: 500) { edges { node { id type occurredAt } } } } } }';
const attack = (aliases: number) => `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: ${ATTACK_ALIAS}`).join(' ')} }`;
const RULES = '{ thresholds: { link: 0.5, review: 0.3 } }';

beforeAll(async () => {
  hub = await startTestHub('query_cost', { HUB_MAX_QUERY_TOKENS: '20000' });
  const records = Array.from({ length: 30 }, (_, i) => ({ external_id: `c${i}`, email: `c${i}@example.com`, first_name: 'Ann', events: [{ type: 'order', occurred_at: '2026-01-02T00:00:00Z' }] }));
  const { body } = await hub.graphql('mutation($r: [JSON!]!) { ingestRecords(source: "shop", records: $r) { created } }', { r: records });
  expect(body.data.ingestRecords.created).toBe(30);
});
afterAll(async () => hub?.stop());

describe('query cost', () => {
  it('refuses the 200-alias profiles × events attack with QUERY_TOO_COMPLEX naming its cost and the limit, before any resolver runs', async () => {
    const { status, body } = await hub.graphql(attack(200));
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors;
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 50_000 });
    expect(error.extensions.cost).toBeGreaterThan(50_000_000);
    expect(error.message).toContain(`cost ${error.extensions.cost}`);
    expect(error.message).toContain('limit of 50000');
  });

  it('refuses even one alias of it, and the same attack through variables', async () => {
    expect((await hub.graphql(attack(1))).body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    const viaVariables = await hub.graphql('query($n: Int) { profiles(first: $n) { edges { node { events(first: $n) { edges { node { id } } } } } } }', { n: 500 });
    expect(viaVariables.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 501_501 });
  });

  it('does not let a negative first cancel out the cost of its siblings', async () => {
    const { body } = await hub.graphql(`{ cheap: profiles(first: -100000000) { edges { node { events(first: 500) { edges { node { id } } } } } } ${attack(1).slice(1, -1)} }`);
    expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(body.data).toBeUndefined();
  });

  it('answers the large legitimate read: 500 profiles with identities, traits and 20 events each', async () => {
    const { body } = await hub.graphql('{ profiles(first: 500) { totalCount pageInfo { hasNextPage } edges { cursor node { id sources identities { type value } traits { key value } events(first: 20) { edges { node { id type } } } } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.profiles.totalCount).toBe(30);
    expect(body.data.profiles.edges[0].node.events.edges).toHaveLength(1);
  });

  it('refuses 20 aliases of previewIdentityRules, and runs one', async () => {
    const twenty = await hub.graphql(`{ ${Array.from({ length: 20 }, (_, i) => `p${i}: previewIdentityRules(config: ${RULES}) { merges }`).join(' ')} }`);
    expect(twenty.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 400_000, limit: 50_000 });
    expect(twenty.body.data).toBeUndefined();
    const one = await hub.graphql(`{ previewIdentityRules(config: ${RULES}) { merges splits } }`);
    expect(one.body.errors).toBeUndefined();
  });

  it('refuses 20 aliases of previewSegment, and runs one with its sample', async () => {
    const definition = '{ trait: { key: "first_name", op: EQ, value: "Ann" } }';
    const twenty = await hub.graphql(`{ ${Array.from({ length: 20 }, (_, i) => `s${i}: previewSegment(definition: ${definition}) { count }`).join(' ')} }`);
    expect(twenty.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 100_000 });
    const one = await hub.graphql(`{ previewSegment(definition: ${definition}) { count sample(first: 100) { id } } }`);
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data.previewSegment.count).toBe(30);
  });

  it("holds a key to its own budget when it was created with one, and others to the hub's", async () => {
    const { key } = await hub.services.apiKeys.create('small budget', ['profiles:read'], { maxQueryCost: 100 });
    const query = '{ profiles(first: 200) { edges { node { id identities { type } } } } }';
    const refused = await hub.graphql(query, undefined, key);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 601, limit: 100 });
    expect(refused.body.errors[0].message).toMatch(/cost 601, over this API key's limit of 100/);
    expect((await hub.graphql('{ profiles(first: 20) { edges { node { id } } } }', undefined, key)).body.errors).toBeUndefined();
    expect((await hub.graphql(query, undefined, hub.keys.read)).body.errors).toBeUndefined();
  });
});

describe('aliases and tokens', () => {
  it('refuses more than 50 aliases in one request, however cheap each is', async () => {
    const { body } = await hub.graphql(`{ ${Array.from({ length: 51 }, (_, i) => `t${i}: __typename`).join(' ')} }`);
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', aliases: 51, limit: 50 });
    expect((await hub.graphql(`{ ${Array.from({ length: 50 }, (_, i) => `t${i}: __typename`).join(' ')} }`)).body.errors).toBeUndefined();
  });

  it("stops parsing a document past the token limit (graphql's maxTokens)", async () => {
    const { status, body } = await hub.graphql(`{ ${'__typename '.repeat(20_001)} }`);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors[0].message).toMatch(/Document contains more tha. 20000 tokens/);
  });
});
