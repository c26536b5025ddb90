import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

/**
 * Trait keys are the client's words. Named like Object's own members, they once reached survivorship through
 * the prototype (`rules.traits.constructor` is a function), and the record was refused with SQLSTATE 23502
 * (found by the ingestion fuzz test). A `__proto__` key was dropped without a word by validation: it is refused.
 */
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub('prototype_keys');
}, 60_000);
afterAll(async () => hub?.stop());

const INGEST = `mutation ($records: [JSON!]!) { ingestRecords(source: "shop", records: $records) { created updated rejected rejections { index reason } } }`;
const TRAITS = 'query($type: String!, $value: String!) { profileByIdentity(type: $type, value: $value) { traits { key value } } }';

describe('trait keys named like members of Object', () => {
  it('stores constructor, toString and hasOwnProperty as ordinary traits, and changes them again', async () => {
    const traits = JSON.parse('{"constructor": -1.75e186, "toString": true, "hasOwnProperty": "x", "points": 3}');
    const first = await hub.graphql(INGEST, { records: [{ external_id: 'c1', email: 'proto@example.cn', traits }] });
    expect(first.body.data.ingestRecords).toEqual({ created: 1, updated: 0, rejected: 0, rejections: [] });

    const stored = await hub.graphql(TRAITS, { type: 'email', value: 'proto@example.cn' });
    const byKey = Object.fromEntries(stored.body.data.profileByIdentity.traits.map((trait: { key: string; value: unknown }) => [`key:${trait.key}`, trait.value]));
    expect(byKey).toMatchObject({ 'key:constructor': -1.75e186, 'key:toString': true, 'key:hasOwnProperty': 'x', 'key:points': 3 });

    const changed = JSON.parse('{"constructor": 7, "toString": false, "hasOwnProperty": "y", "points": 4}');
    const second = await hub.graphql(INGEST, { records: [{ external_id: 'c1', email: 'proto@example.cn', traits: changed }] });
    expect(second.body.data.ingestRecords).toEqual({ created: 0, updated: 1, rejected: 0, rejections: [] });
    const after = await hub.graphql(TRAITS, { type: 'email', value: 'proto@example.cn' });
    const afterByKey = Object.fromEntries(after.body.data.profileByIdentity.traits.map((trait: { key: string; value: unknown }) => [`key:${trait.key}`, trait.value]));
    expect(afterByKey).toMatchObject({ 'key:constructor': 7, 'key:toString': false, 'key:points': 4 });
  });

  it('refuses a __proto__ key in traits or event properties with the record index and a reason, and stores the other records', async () => {
    const records = [
      { external_id: 'p1', email: 'proto-one@example.cn', traits: JSON.parse('{"__proto__": "proto value"}') },
      { external_id: 'p2', email: 'proto-two@example.cn', traits: { points: 1 } },
      { external_id: 'p3', email: 'proto-three@example.cn', events: [{ type: 'order', occurred_at: '2026-01-01T00:00:00Z', properties: JSON.parse('{"__proto__": {"x": 1}}') }] },
    ];
    const answer = await hub.graphql(INGEST, { records });
    expect(answer.body.data.ingestRecords).toMatchObject({
      created: 1,
      rejected: 2,
      rejections: [
        { index: 0, reason: 'traits: a key must not be __proto__; rename it' },
        { index: 2, reason: 'events.0: a key must not be __proto__; rename it' },
      ],
    });
  });
});
