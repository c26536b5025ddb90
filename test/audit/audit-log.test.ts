import { mkdtempSync } from 'node:fs';
import { userInfo } from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubServices } from '../../src/app/services';
import { getMetadataStorage } from 'type-graphql';
import { createContext } from '../../src/graphql/context';
import { buildHubSchema } from '../../src/graphql/schema';
import type { Principal } from '../../src/modules/auth';
import { openReviews } from '../../src/modules/identity/match-review.store';
import { newId } from '../../src/platform/ids';
import { runHub } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testServices } from '../support/services';
import { graphql } from '../graphql/personal-paths';
import type { GraphQLSchema } from 'graphql';

// Every administrative change is recorded with who, when, what and the ids and field names it touched
// (issue 20, item 7), never a value or a secret: so erasing a person leaves nothing in the log to remove.

// Values the changes below carry; none may reach the audit table.
const MARKER_EMAIL = 'audit.marker.person@mail.cn';
const MARKER_PHONE = '+8613712345678';
const SHOP_TOKEN = 'shpat_auditsecret0000000000000001';
const NEW_SHOP_TOKEN = 'shpat_auditsecret0000000000000002';
const WEBHOOK_URL = 'http://127.0.0.1:9/audit-hook-path';

let testDb: TestDatabase;
let services: HubServices;
let schema: GraphQLSchema;
let env: Record<string, string>;
/** Secrets the hub answered (webhook signing secrets, API keys): they must not reach the log either. */
const answeredSecrets: string[] = [];

const admin = { apiKeyId: 'key_audit', name: 'ops console', scopes: ['admin'] } as unknown as Principal;
const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => testDb.database.query<T>(text, params);

async function api(source: string, principal: Principal = admin): Promise<any> {
  const result = await graphql.graphql({ schema, source, contextValue: createContext(services, principal) });
  expect(result.errors, source).toBeUndefined();
  return result.data;
}

interface Entry {
  actor: string;
  action: string;
  target_ids: string[];
  fields: string[];
  at: Date;
}

async function lastEntry(action: string): Promise<Entry> {
  const [entry] = await sql<Entry>('select actor, action, target_ids, fields, at from audit_log where action = $1 order by at desc, id desc limit 1', [action]);
  expect(entry, `an audit entry for ${action}`).toBeDefined();
  return entry;
}

async function ingestOne(source: string, record: Record<string, unknown>): Promise<{ profileId: string; recordId: string }> {
  await services.ingestion.ingest(source, [record]);
  const [row] = await sql<{ id: string; profile_id: string }>('select id, profile_id from source_records where source = $1 and external_id = $2', [source, record.external_id]);
  return { profileId: row.profile_id, recordId: row.id };
}

async function openReview(tag: string): Promise<string> {
  const left = await ingestOne('shop', { external_id: `rl-${tag}`, first_name: 'Hong', last_name: 'Zhu', email: `${tag}.${MARKER_EMAIL}` });
  const right = await ingestOne('crm', { external_id: `rr-${tag}`, first_name: 'Hong', last_name: 'Zhu', city: '上海' });
  const explanation = await services.identity.explanations.explain(left.recordId, right.recordId);
  const [a, b] = [left.recordId, right.recordId].sort();
  await openReviews(testDb.database, [{ leftRecordId: a, rightRecordId: b, probability: 0.5, evidence: { weight: explanation.weight, fields: explanation.fields } }]);
  return (await sql<{ id: string }>("select id from match_reviews where left_record_id = $1 and status = 'open'", [a]))[0].id;
}

beforeAll(async () => {
  testDb = await createTestDatabase('audit_log');
  env = {
    DATABASE_URL: testDb.url,
    HUB_SECRET_KEY: 'ab'.repeat(32),
    HUB_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-audit-')),
    REDIS_URL: '',
    HUB_CONNECTOR_ALLOW_PRIVATE: 'true',
    HUB_WEBHOOK_ALLOW_PRIVATE: 'true',
  };
  services = testServices(testDb.database, env);
  schema = await buildHubSchema();
});

afterAll(async () => {
  await testDb?.drop();
});

/** Mutations that change no administrative state: records a source pushes, and a connection test that reads only. */
const NOT_ADMINISTRATIVE = new Set(['ingestRecords', 'testConnection']);

describe('administrative changes through GraphQL', () => {
  it('records every mutation but data pushes and read-only checks: a new mutation without @Audited fails here', () => {
    const storage = getMetadataStorage();
    const audited = (target: Function, methodName: string) =>
      storage.middlewares.some((entry) => entry.target === target && entry.fieldName === methodName && entry.middlewares.some((middleware) => (middleware as Function).name === 'recordInAuditLog'));
    const mutations = storage.mutations.filter((mutation) => schema.getMutationType()?.getFields()[mutation.schemaName]);
    expect(mutations.length).toBeGreaterThan(20);
    const unaudited = mutations.filter((mutation) => !NOT_ADMINISTRATIVE.has(mutation.schemaName) && !audited(mutation.target, mutation.methodName)).map((mutation) => mutation.schemaName);
    expect(unaudited, 'mutations that change administrative state without an audit entry').toEqual([]);
  });

  let connectionId: string;
  let segmentId: string;
  let subscriptionId: string;

  it('records a connection made, changed, paused, resumed, synced and deleted, naming the config fields, never their values', async () => {
    const created = await api(`mutation { createConnection(input: { name: "audited-shop", connector: "shopify", config: { shopDomain: "audited.myshopify.com", accessToken: "${SHOP_TOKEN}" } }) { id } }`);
    connectionId = created.createConnection.id;
    expect(await lastEntry('connection.create')).toMatchObject({ actor: 'ops console', target_ids: [connectionId], fields: expect.arrayContaining(['name', 'connector', 'config.shopDomain', 'config.accessToken']) });

    await api(`mutation { updateConnection(id: "${connectionId}", input: { config: { shopDomain: "audited.myshopify.com", accessToken: "${NEW_SHOP_TOKEN}" } }) { id } }`);
    expect(await lastEntry('connection.update')).toMatchObject({ actor: 'ops console', target_ids: [connectionId], fields: ['config.accessToken', 'config.shopDomain'] });

    await api(`mutation { pauseConnection(id: "audited-shop") { id } }`);
    expect(await lastEntry('connection.pause')).toMatchObject({ target_ids: [connectionId], fields: ['enabled'] });
    await api(`mutation { resumeConnection(id: "audited-shop") { id } }`);
    expect(await lastEntry('connection.resume')).toMatchObject({ target_ids: [connectionId], fields: ['enabled'] });

    const { triggerSync } = await api(`mutation { triggerSync(connectionId: "${connectionId}", full: true) { id } }`);
    expect(await lastEntry('sync.trigger')).toMatchObject({ target_ids: [connectionId, triggerSync.id], fields: ['full'] });
    await api(`mutation { cancelSyncRun(id: "${triggerSync.id}") { id } }`);
    expect(await lastEntry('sync.cancel')).toMatchObject({ target_ids: [connectionId, triggerSync.id] });

    await api(`mutation { deleteConnection(id: "${connectionId}") }`);
    expect(await lastEntry('connection.delete')).toMatchObject({ target_ids: [connectionId] });
  });

  it('records segments made, redefined and deleted, though their definitions hold an e-mail', async () => {
    const definition = `{ trait: { key: "email", op: EQ, value: "${MARKER_EMAIL}" } }`;
    segmentId = (await api(`mutation { createSegment(input: { name: "one person", definition: ${definition} }) { id } }`)).createSegment.id;
    expect(await lastEntry('segment.create')).toMatchObject({ actor: 'ops console', target_ids: [segmentId], fields: ['definition', 'name'] });
    await api(`mutation { updateSegment(id: "${segmentId}", input: { description: "${MARKER_PHONE}", definition: ${definition} }) { id } }`);
    expect(await lastEntry('segment.update')).toMatchObject({ target_ids: [segmentId], fields: ['definition', 'description'] });
    await api(`mutation { deleteSegment(id: "${segmentId}") }`);
    expect(await lastEntry('segment.delete')).toMatchObject({ target_ids: [segmentId] });
  });

  it('records webhook subscriptions made, changed, given a new secret, replayed and deleted, with no URL and no secret', async () => {
    const created = await api(`mutation { createWebhookSubscription(input: { url: "${WEBHOOK_URL}", events: ["profile.created"], description: "${MARKER_EMAIL}" }) { subscription { id } secret } }`);
    subscriptionId = created.createWebhookSubscription.subscription.id;
    answeredSecrets.push(created.createWebhookSubscription.secret);
    expect(await lastEntry('webhook.create')).toMatchObject({ target_ids: [subscriptionId], fields: ['description', 'events', 'url'] });
    await api(`mutation { updateWebhookSubscription(id: "${subscriptionId}", input: { url: "${WEBHOOK_URL}/2" }) { id } }`);
    expect(await lastEntry('webhook.update')).toMatchObject({ target_ids: [subscriptionId], fields: ['url'] });
    const rotated = await api(`mutation { rotateWebhookSecret(id: "${subscriptionId}") { secret } }`);
    answeredSecrets.push(rotated.rotateWebhookSecret.secret);
    expect(await lastEntry('webhook.rotate_secret')).toMatchObject({ target_ids: [subscriptionId], fields: ['secret'] });
    await api(`mutation { replayWebhookDeliveries(subscriptionId: "${subscriptionId}", from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z") }`);
    expect(await lastEntry('webhook.replay')).toMatchObject({ target_ids: [subscriptionId], fields: ['from', 'to'] });
    await api(`mutation { deleteWebhookSubscription(id: "${subscriptionId}") }`);
    expect(await lastEntry('webhook.delete')).toMatchObject({ target_ids: [subscriptionId] });
  });

  it('records merges, splits and review decisions under the deciding key, with the profiles and records they moved', async () => {
    const a = await ingestOne('shop', { external_id: 'merge-a', first_name: 'Wei', email: MARKER_EMAIL });
    const b = await ingestOne('crm', { external_id: 'merge-b', first_name: 'Wei', phone: MARKER_PHONE });
    const writer = { apiKeyId: 'key_writer', name: 'data steward', scopes: ['profiles:write'] } as unknown as Principal;
    const merged = await api(`mutation { mergeProfiles(a: "${a.profileId}", b: "${b.profileId}") { profileIds decision { id } } }`, writer);
    expect(await lastEntry('profile.merge')).toMatchObject({ actor: 'data steward', target_ids: expect.arrayContaining([a.profileId, b.profileId, merged.mergeProfiles.decision.id]) });

    const split = await api(`mutation { splitProfile(profileId: "${merged.mergeProfiles.profileIds[0]}", sourceRecordIds: ["${b.recordId}"]) { profileIds } }`, writer);
    expect(await lastEntry('profile.split')).toMatchObject({ actor: 'data steward', target_ids: expect.arrayContaining([...split.splitProfile.profileIds, b.recordId]) });

    const accepted = await openReview('accept');
    await api(`mutation { resolveMatchReview(id: "${accepted}", accept: true) { review { id } } }`, writer);
    expect(await lastEntry('review.accept')).toMatchObject({ actor: 'data steward', target_ids: expect.arrayContaining([accepted]) });
    const rejected = await openReview('reject');
    await api(`mutation { resolveMatchReview(id: "${rejected}", accept: false) { review { id } } }`, writer);
    expect(await lastEntry('review.reject')).toMatchObject({ actor: 'data steward', target_ids: [rejected] });
  });

  it('records an erasure by its profile and receipt, so the log has nothing of the person to remove', async () => {
    const person = await ingestOne('shop', { external_id: 'erase-me', first_name: 'Erin', email: `erase.${MARKER_EMAIL}`, phone: MARKER_PHONE });
    const eraser = { apiKeyId: 'key_eraser', name: 'privacy desk', scopes: ['profiles:erase'] } as unknown as Principal;
    const { eraseProfile } = await api(`mutation { eraseProfile(id: "${person.profileId}") { id profileId } }`, eraser);
    expect(await lastEntry('profile.erase')).toMatchObject({ actor: 'privacy desk', target_ids: expect.arrayContaining([person.profileId, eraseProfile.id]) });
  });

  it('refuses a refused change without an entry: a key without the scope leaves nothing', async () => {
    const before = (await sql<{ n: number }>('select count(*)::int as n from audit_log'))[0].n;
    const reader = { apiKeyId: 'key_reader', name: 'reader', scopes: ['profiles:read'] } as unknown as Principal;
    const result = await graphql.graphql({ schema, source: 'mutation { createSegment(input: { name: "nope", definition: { identity: { type: "email" } } }) { id } }', contextValue: createContext(services, reader) });
    expect(result.errors?.[0].message).toContain('segments:write');
    expect((await sql<{ n: number }>('select count(*)::int as n from audit_log'))[0].n).toBe(before);
  });
});

// Each `hub` command starts a process that opens the store: seconds each on a busy machine.
const CLI_TIMEOUT_MS = 180_000;

describe('administrative changes through hub commands', () => {
  const cliActor = `cli:${userInfo().username}`;

  it('records hub apikey create and revoke, and hub webhooks create and rotate-secret, as cli:<user>', { timeout: CLI_TIMEOUT_MS }, async () => {
    const created = await runHub(['apikey', 'create', '--scopes', 'profiles:read,segments:write', '--name', 'audited key'], env);
    expect(created.stderr).toBe('');
    const keyId = /^id: (\S+)$/m.exec(created.stdout)![1];
    answeredSecrets.push(/^API key: (\S+)$/m.exec(created.stdout)![1]);
    expect(await lastEntry('apikey.create')).toMatchObject({ actor: cliActor, target_ids: [keyId], fields: ['name', 'scopes'] });

    expect((await runHub(['apikey', 'revoke', keyId], env)).code).toBe(0);
    expect(await lastEntry('apikey.revoke')).toMatchObject({ actor: cliActor, target_ids: [keyId] });

    const webhook = await runHub(['webhooks', 'create', '--url', WEBHOOK_URL, '--events', 'profile.created', '--description', MARKER_EMAIL], env);
    expect(webhook.code, webhook.stderr).toBe(0);
    const subscriptionId = /^id: (\S+)$/m.exec(webhook.stdout)![1];
    answeredSecrets.push(/^secret: (\S+)$/m.exec(webhook.stdout)![1]);
    expect(await lastEntry('webhook.create')).toMatchObject({ actor: cliActor, target_ids: [subscriptionId], fields: ['description', 'events', 'url'] });

    const rotated = await runHub(['webhooks', 'rotate-secret', subscriptionId], env);
    answeredSecrets.push(/^secret: (\S+)$/m.exec(rotated.stdout)![1]);
    expect(await lastEntry('webhook.rotate_secret')).toMatchObject({ actor: cliActor, target_ids: [subscriptionId] });
  });

  it('lists the log with hub audit, newest first, filtered by action and actor', { timeout: CLI_TIMEOUT_MS }, async () => {
    const all = await runHub(['audit', '--limit', '3'], env);
    expect(all.code, all.stderr).toBe(0);
    const lines = all.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0].split('\t').slice(1, 3)).toEqual([cliActor, 'webhook.rotate_secret']);
    expect(lines[3]).toMatch(/^more: --after aud_/);
    const next = await runHub(['audit', '--limit', '1', '--after', lines[3].split(' ').at(-1)!], env);
    expect(next.stdout.split('\t')[2]).not.toBe('webhook.rotate_secret');

    const steward = await runHub(['audit', '--actor', 'data steward', '--action', 'profile.merge'], env);
    expect(steward.stdout.trim().split('\n')).toHaveLength(1);
    expect(steward.stdout).toMatch(/\tdata steward\tprofile\.merge\tprof_/);
    expect((await runHub(['audit', '--since', '2999-01-01'], env)).stdout).toBe('no audit entries\n');
  });
});

describe('the log itself', () => {
  it('holds no value and no secret used in any of the changes: not the e-mail, the phone, the tokens, the URL or the answered secrets', async () => {
    const rows = await sql<{ text: string }>('select a::text as text from audit_log a');
    expect(rows.length).toBeGreaterThan(20);
    const everything = rows.map((row) => row.text).join('\n');
    for (const value of [MARKER_EMAIL, MARKER_PHONE, SHOP_TOKEN, NEW_SHOP_TOKEN, WEBHOOK_URL, 'audited.myshopify.com', ...answeredSecrets]) {
      expect(everything, value).not.toContain(value);
    }
    expect(answeredSecrets.length).toBeGreaterThanOrEqual(4);
  });

  it('answers auditLog to an admin key only, newest first, filtered and paged', async () => {
    const page = await api('{ auditLog(first: 2, action: "segment.create") { edges { node { actor action targetIds fields at } } pageInfo { hasNextPage } } }');
    expect(page.auditLog.edges).toHaveLength(1);
    expect(page.auditLog.edges[0].node).toMatchObject({ actor: 'ops console', action: 'segment.create', fields: ['definition', 'name'] });
    const since = await api(`{ auditLog(since: "2999-01-01T00:00:00Z") { edges { node { id } } } }`);
    expect(since.auditLog.edges).toEqual([]);
    const first = await api('{ auditLog(first: 1) { edges { node { id } } pageInfo { hasNextPage endCursor } } }');
    const second = await api(`{ auditLog(first: 1, after: "${first.auditLog.pageInfo.endCursor}") { edges { node { id } } } }`);
    expect(second.auditLog.edges[0].node.id).not.toBe(first.auditLog.edges[0].node.id);

    const notAdmin = { apiKeyId: 'key_ops', name: 'ops', scopes: ['connectors:admin', 'webhooks:admin', 'segments:write', 'profiles:read', 'profiles:write'] } as unknown as Principal;
    const refused = await graphql.graphql({ schema, source: '{ auditLog { edges { node { id } } } }', contextValue: createContext(services, notAdmin) });
    expect(refused.errors?.[0].message).toContain('admin');
  });

  it('refuses an entry that would hold a value instead of an id or a field name', async () => {
    await expect(services.audit.record({ actor: 'x', action: 'segment.create', targetIds: [MARKER_EMAIL] })).rejects.toThrow(/prefixed hub id/);
    await expect(services.audit.record({ actor: 'x', action: 'segment.create', fields: [MARKER_PHONE] })).rejects.toThrow(/field name/);
    await expect(services.audit.record({ actor: 'x', action: 'segment.create', targetIds: [newId('segment')] })).resolves.toBeUndefined();
  });
});
