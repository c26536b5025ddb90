import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub('api_guards', { HUB_MAX_BODY_BYTES: '20000', HUB_MAX_QUERY_DEPTH: '4' });
});
afterAll(async () => hub?.stop());

describe('authentication and scopes', () => {
  it('answers UNAUTHENTICATED with HTTP 401 when no key is sent', async () => {
    const { status, body } = await hub.graphql('{ profiles(first: 5) { totalCount } }', undefined, null);
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  it('answers UNAUTHENTICATED for an unknown key and for a revoked one', async () => {
    expect((await hub.graphql('{ profiles { totalCount } }', undefined, 'hub_not-a-key')).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const { apiKey, key } = await hub.services.apiKeys.create('soon revoked', ['profiles:read']);
    expect((await hub.graphql('{ profiles { totalCount } }', undefined, key)).body.data.profiles.totalCount).toBe(0);
    await hub.services.apiKeys.revoke(apiKey.id);
    expect((await hub.graphql('{ profiles { totalCount } }', undefined, key)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('answers FORBIDDEN when the key lacks the scope, and lets the right scope through', async () => {
    const mutation = 'mutation { ingestRecords(source: "shop", records: [{ external_id: "s1" }]) { created } }';
    const denied = await hub.graphql(mutation, undefined, hub.keys.read);
    expect(denied.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(denied.body.errors[0].message).toMatch(/profiles:write/);
    const readDenied = await hub.graphql('{ profiles { totalCount } }', undefined, hub.keys.write);
    expect(readDenied.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const allowed = await hub.graphql(mutation, undefined, hub.keys.write);
    expect(allowed.body).toEqual({ data: { ingestRecords: { created: 1 } } });
  });
});

describe('limits', () => {
  it('refuses a page larger than 500', async () => {
    const { body } = await hub.graphql('{ profiles(first: 501) { totalCount } }');
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/first must not be greater than 500/);
  });

  it('refuses a query nested deeper than the limit', async () => {
    const { body } = await hub.graphql('{ profiles { edges { node { events { edges { node { id } } } } } } }');
    expect(body.errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
  });

  it('refuses a request body over the size limit with PAYLOAD_TOO_LARGE', async () => {
    const records = Array.from({ length: 400 }, (_, i) => ({ external_id: `big-${i}`, company: 'x'.repeat(40) }));
    const { status, body } = await hub.graphql('mutation($r: [JSON!]!) { ingestRecords(source: "shop", records: $r) { created } }', { r: records });
    expect(status).toBe(413);
    expect(body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses more than 1000 records in one push', async () => {
    const records = Array.from({ length: 1001 }, (_, i) => ({ external_id: `${i}` }));
    const small = await startTestHub('api_guards_many');
    try {
      const { body } = await small.graphql('mutation($r: [JSON!]!) { ingestRecords(source: "shop", records: $r) { created } }', { r: records });
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors[0].message).toMatch(/at most 1000 records/);
    } finally {
      await small.stop();
    }
  });

  it('answers broken JSON with a clear error', async () => {
    const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${hub.keys.admin}` }, body: '{"query": ' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('ingestRecords', () => {
  it('returns counts, the affected profile ids and each rejected record with its reason', async () => {
    const { body } = await hub.graphql(
      'mutation($r: [JSON!]!) { ingestRecords(source: "web", records: $r) { read created updated unchanged rejected merges profileIds rejections { index reason } } }',
      { r: [{ external_id: 'w1', email: 'w1@example.com' }, { external_id: 'w2', phone: 'call me' }, { external_id: 'w1', email: 'w1@example.com' }] },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.ingestRecords).toMatchObject({ read: 3, created: 1, updated: 0, unchanged: 1, rejected: 1, merges: 0, rejections: [{ index: 1, reason: expect.stringMatching(/^phone: .* is not a valid phone number/) }] });
    expect(body.data.ingestRecords.profileIds).toHaveLength(1);
  });

  it('rejects an invalid source name as bad input', async () => {
    const { body } = await hub.graphql('mutation { ingestRecords(source: "no spaces", records: [{ external_id: "1" }]) { created } }');
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
