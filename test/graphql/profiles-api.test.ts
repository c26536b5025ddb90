import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;
let annId: string;

// Addresses at example.cn, not example.com, and a phone other than 138 0013 8000: the identity engine treats
// the RFC 2606 domains and China Mobile's service number as placeholders that link nobody.
beforeAll(async () => {
  hub = await startTestHub('profiles_api');
  const shop = await hub.services.ingestion.ingest('shop', [
    {
      external_id: 'c1',
      email: 'Ann.Lee@Example.cn',
      first_name: 'Ann',
      city: 'Shanghai',
      traits: { tier: 'gold' },
      events: [
        { id: 'o1', type: 'order', occurred_at: '2026-01-01T00:00:00Z', amount: 10 },
        { id: 'o2', type: 'order', occurred_at: '2026-02-01T00:00:00Z', amount: 20 },
        { id: 'o3', type: 'order', occurred_at: '2026-03-01T00:00:00Z', amount: 30 },
      ],
    },
    { external_id: 'c2', email: 'bo@example.cn', city: 'Beijing', traits: { tier: 'silver' } },
  ]);
  annId = shop.profileIds[0];
  await hub.services.ingestion.ingest('pos', [
    { external_id: 'card-1', phone: '139 0013 8000', first_name: 'Ann', last_name: 'Lee', traits: { points: 50 }, events: [{ id: 'v1', type: 'interaction', occurred_at: '2026-02-15T00:00:00Z' }] },
  ]);
  // This CRM record carries Ann's e-mail and the POS member's phone, and nothing in the three records
  // conflicts: two identifier links, and the two profiles merge.
  await hub.services.ingestion.ingest('crm', [{ external_id: 'lead-1', email: 'ann.lee@example.cn', phone: '+8613900138000', first_name: 'Ann', last_name: 'Lee', company: 'ACME' }]);
});
afterAll(async () => hub?.stop());

const PROFILE_FIELDS = `id sources identities { type value source } traits { key value source rule } mergeHistory { rule probability mergedProfileId survivingProfileId evidence actor }`;

describe('profile queries', () => {
  it('returns a unified profile with its identities, traits, sources and merge history', async () => {
    const { body } = await hub.graphql(`query($id: ID!) { profile(id: $id) { ${PROFILE_FIELDS} } }`, { id: annId });
    expect(body.errors).toBeUndefined();
    const profile = body.data.profile;
    expect(profile.id).toBe(annId);
    expect(profile.sources).toEqual(['crm', 'pos', 'shop']);
    expect(profile.identities).toEqual(
      expect.arrayContaining([
        { type: 'email', value: 'ann.lee@example.cn', source: 'shop' },
        { type: 'phone', value: '+8613900138000', source: 'pos' },
        { type: 'external_id', value: 'crm:lead-1', source: 'crm' },
      ]),
    );
    expect(profile.traits).toEqual(expect.arrayContaining([{ key: 'tier', value: 'gold', source: 'shop', rule: 'most_recent' }, { key: 'points', value: 50, source: 'pos', rule: 'most_recent' }]));
    expect(profile.mergeHistory).toHaveLength(1);
    expect(profile.mergeHistory[0]).toMatchObject({ rule: 'identifier', survivingProfileId: annId, actor: 'system:probabilistic' });
    expect(profile.mergeHistory[0].evidence.links.map((link: any) => [link.rule, link.identityType ?? null])).toEqual(
      expect.arrayContaining([
        ['identifier', 'email'],
        ['identifier', 'phone'],
      ]),
    );
  });

  it('answers an absorbed profile id with the profile it was merged into', async () => {
    const { body } = await hub.graphql(`query($id: ID!) { profile(id: $id) { mergeHistory { mergedProfileId } } }`, { id: annId });
    const absorbed = body.data.profile.mergeHistory[0].mergedProfileId;
    const redirected = await hub.graphql(`query($id: ID!) { profile(id: $id) { id } }`, { id: absorbed });
    expect(redirected.body.data.profile.id).toBe(annId);
  });

  it('returns null for an unknown id', async () => {
    const { body } = await hub.graphql(`{ profile(id: "prof_nope") { id } }`);
    expect(body).toEqual({ data: { profile: null } });
  });

  it('finds a profile by identity, normalizing the value as ingestion does', async () => {
    const byPhone = await hub.graphql(`{ profileByIdentity(type: "phone", value: "139-0013-8000") { id } }`);
    const byEmail = await hub.graphql(`{ profileByIdentity(type: "email", value: " ANN.LEE@example.CN ") { id } }`);
    const byExternalId = await hub.graphql(`{ profileByIdentity(type: "external_id", value: "pos:card-1") { id } }`);
    expect([byPhone, byEmail, byExternalId].map((r) => r.body.data.profileByIdentity?.id)).toEqual([annId, annId, annId]);
  });

  it('explains an unknown identity type', async () => {
    const { body } = await hub.graphql(`{ profileByIdentity(type: "fax", value: "1") { id } }`);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/Unknown identity type 'fax'/);
  });

  it('pages through profiles with cursors and counts them', async () => {
    const first = await hub.graphql(`{ profiles(first: 1) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`);
    const page1 = first.body.data.profiles;
    expect(page1.totalCount).toBe(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await hub.graphql(`query($after: String) { profiles(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, {
      after: page1.pageInfo.endCursor,
    });
    const page2 = second.body.data.profiles;
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(new Set([page1.edges[0].node.id, page2.edges[0].node.id]).size).toBe(2);
  });

  it('filters profiles by identity, trait, source and update time', async () => {
    const ids = async (filter: string) =>
      (await hub.graphql(`{ profiles(first: 10, filter: ${filter}) { totalCount edges { node { id } } } }`)).body.data.profiles;
    expect(await ids(`{ identity: { type: "email", value: "Bo@Example.cn" } }`)).toMatchObject({ totalCount: 1 });
    expect((await ids(`{ trait: { key: "tier", value: "gold" } }`)).edges).toEqual([{ node: { id: annId } }]);
    expect((await ids(`{ source: "pos" }`)).edges).toEqual([{ node: { id: annId } }]);
    expect(await ids(`{ source: "wechat" }`)).toEqual({ totalCount: 0, edges: [] });
    expect(await ids(`{ updatedSince: "2999-01-01T00:00:00Z" }`)).toEqual({ totalCount: 0, edges: [] });
    expect((await ids(`{ updatedSince: "2000-01-01T00:00:00Z", trait: { key: "city", value: "Beijing" } }`)).totalCount).toBe(1);
  });

  it('pages a profile’s events newest first, filtered by type', async () => {
    const query = `query($id: ID!, $after: String) { profile(id: $id) { events(first: 2, after: $after, type: "order") { edges { node { type amount occurredAt source } } pageInfo { hasNextPage endCursor } } } }`;
    const page1 = (await hub.graphql(query, { id: annId })).body.data.profile.events;
    expect(page1.edges.map((e: any) => e.node.amount)).toEqual([30, 20]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await hub.graphql(query, { id: annId, after: page1.pageInfo.endCursor })).body.data.profile.events;
    expect(page2.edges.map((e: any) => e.node.amount)).toEqual([10]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const all = (await hub.graphql(`query($id: ID!) { profile(id: $id) { events { edges { node { type } } } } }`, { id: annId })).body.data.profile.events;
    expect(all.edges.map((e: any) => e.node.type)).toEqual(['order', 'interaction', 'order', 'order']);
  });

  it('lists the source records behind a profile', async () => {
    const { body } = await hub.graphql(`query($id: ID!) { profile(id: $id) { sourceRecords { source externalId payload } } }`, { id: annId });
    expect(body.data.profile.sourceRecords.map((r: any) => `${r.source}:${r.externalId}`)).toEqual(['crm:lead-1', 'pos:card-1', 'shop:c1']);
    expect(body.data.profile.sourceRecords[0].payload).toMatchObject({ company: 'ACME' });
  });

  it('rejects a cursor it did not issue', async () => {
    const { body } = await hub.graphql(`{ profiles(first: 1, after: "garbage") { totalCount } }`);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/Invalid cursor/);
  });
});
