import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubServices } from '../../src/app/services';
import { HubError } from '../../src/errors/hub-error';
import { createContext } from '../../src/graphql/context';
import { buildHubSchema } from '../../src/graphql/schema';
import { SCOPES, type Principal } from '../../src/modules/auth';
import { openReviews } from '../../src/modules/identity/match-review.store';
import { newId } from '../../src/platform/ids';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestHub } from '../support/hub';
import { testServices } from '../support/services';
import { graphql, personalPaths, type PersonalPath } from './personal-paths';
import type { GraphQLSchema } from 'graphql';

// Personal data needs profiles:read wherever it appears (issue 20, item 3). The walk below finds every path from
// a root field to a person's identities, traits, records, events, consents, derived values and compared values,
// asks each with a key holding every other scope, and expects FORBIDDEN on that path; then with profiles:read
// added, expects the value. A new path fails here until it is guarded and its root field has a fixture.

/** Every scope but profiles:read (and admin, which grants it): whatever root a path starts at, this key may call it. */
const ALL_BUT_READ = SCOPES.filter((scope) => scope !== 'profiles:read' && scope !== 'admin');

let testDb: TestDatabase;
let services: HubServices;
let schema: GraphQLSchema;
let paths: PersonalPath[];
let serial = 0;

const ids = { ann: '', annRecords: [] as string[], segment: '', connection: '', run: '', cancelConnection: '' };

const unique = () => `${Date.now().toString(36)}${(serial++).toString(36)}`;
const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => testDb.database.query<T>(text, params);

async function ingestOne(source: string, record: Record<string, unknown>): Promise<{ profileId: string; recordId: string }> {
  const result = await services.ingestion.ingest(source, [record]);
  const [row] = await sql<{ id: string; profile_id: string }>('select id, profile_id from source_records where source = $1 and external_id = $2', [source, record.external_id]);
  expect(result.profileIds).toContain(row.profile_id);
  return { profileId: row.profile_id, recordId: row.id };
}

/** Two people no rule links, queued for review with their real per-field evidence. */
async function openReview(): Promise<string> {
  const tag = unique();
  const left = await ingestOne('shop', { external_id: `rl-${tag}`, first_name: 'Hong', last_name: 'Zhu', email: `hong.${tag}@mail.cn`, city: '南京' });
  const right = await ingestOne('crm', { external_id: `rr-${tag}`, first_name: 'Hong', last_name: 'Zhu', phone: `+86139${String(serial).padStart(8, '0')}`, city: '上海' });
  const explanation = await services.identity.explanations.explain(left.recordId, right.recordId);
  const [a, b] = [left.recordId, right.recordId].sort();
  await openReviews(testDb.database, [{ leftRecordId: a, rightRecordId: b, probability: 0.5, evidence: { weight: explanation.weight, fields: explanation.fields } }]);
  const [review] = await sql<{ id: string }>("select id from match_reviews where left_record_id = $1 and right_record_id = $2 and status = 'open'", [a, b]);
  return review.id;
}

/** A queued run of the connection with one rejected row, as a sync leaves it. */
async function queuedRunWithRejection(connectionId: string): Promise<string> {
  const runId = newId('syncRun');
  await sql("insert into sync_runs (id, connection_id, status, trigger) values ($1, $2, 'queued', 'api')", [runId, connectionId]);
  await sql("insert into sync_rejections (id, run_id, stream, reason, raw) values ($1, $2, 'customers', 'bad date', $3)", [newId('syncRejection'), runId, { email: 'rejected@mail.cn' }]);
  return runId;
}

const str = JSON.stringify;
const SEGMENT_DEFINITION = '{ identity: { type: "email" } }';

/**
 * The arguments of each root field a path starts at, made fresh for each call (a mutation uses its state up).
 * A root field missing here fails the walk: give it arguments under which it answers data.
 */
const ROOT_ARGUMENTS: Record<string, () => Promise<string>> = {
  profile: async () => `(id: ${str(ids.ann)})`,
  profileByIdentity: async () => '(type: "email", value: "ann.lee@example.cn")',
  profilesByIdentity: async () => '(type: "email", value: "ann.lee@example.cn")',
  profiles: async () => '',
  segments: async () => '',
  segment: async () => `(id: ${str(ids.segment)})`,
  previewSegment: async () => `(definition: ${SEGMENT_DEFINITION})`,
  explainMatch: async () => `(sourceRecordA: ${str(ids.annRecords[0])}, sourceRecordB: ${str(ids.annRecords[1])})`,
  matchReviews: async () => {
    await openReview();
    return '(status: open)';
  },
  connections: async () => '',
  connection: async () => `(id: ${str(ids.connection)})`,
  syncRuns: async () => `(connectionId: ${str(ids.connection)})`,
  syncRun: async () => `(id: ${str(ids.run)})`,
  createConnection: async () => `(input: { name: "walk-${unique()}", connector: "shopify", config: { shopDomain: "walk.myshopify.com", accessToken: "shpat_walk" } })`,
  updateConnection: async () => `(id: ${str(ids.connection)}, input: { enabled: true })`,
  pauseConnection: async () => `(id: ${str(ids.connection)})`,
  resumeConnection: async () => `(id: ${str(ids.connection)})`,
  triggerSync: async () => `(connectionId: ${str(ids.connection)})`,
  cancelSyncRun: async () => `(id: ${str(await queuedRunWithRejection(ids.cancelConnection))})`,
  mergeProfiles: async () => {
    const tag = unique();
    const a = await ingestOne('shop', { external_id: `ma-${tag}`, first_name: 'Wei', email: `wei.${tag}@mail.cn` });
    const b = await ingestOne('crm', { external_id: `mb-${tag}`, first_name: 'Wei', phone: `+86137${String(serial).padStart(8, '0')}` });
    return `(a: ${str(a.profileId)}, b: ${str(b.profileId)})`;
  },
  splitProfile: async () => {
    const tag = unique();
    const email = `split.${tag}@mail.cn`;
    const a = await ingestOne('shop', { external_id: `sa-${tag}`, first_name: 'Lan', email });
    const b = await ingestOne('crm', { external_id: `sb-${tag}`, first_name: 'Lan', email });
    expect(b.profileId).toBe(a.profileId);
    return `(profileId: ${str(a.profileId)}, sourceRecordIds: [${str(b.recordId)}])`;
  },
  resolveMatchReview: async () => `(id: ${str(await openReview())}, accept: true)`,
  createSegment: async () => `(input: { name: "walk ${unique()}", definition: ${SEGMENT_DEFINITION} })`,
  updateSegment: async () => `(id: ${str(ids.segment)}, input: { description: "walked ${unique()}" })`,
};

/** Paths no data can reach, with why: asked anyway, they must come out null where said. */
const UNREACHABLE: Record<string, { at: string; why: string }> = {
  'createConnection.lastRun': { at: 'createConnection.lastRun', why: 'a connection just created has no run' },
};

/** Arguments for a required argument of a nested field: a plausible value of its type. */
function nestedArguments(field: PersonalPath['steps'][number]['field']): string {
  const required = field.args.filter((arg) => graphql.isNonNullType(arg.type) && arg.defaultValue === undefined);
  if (required.length === 0) return '';
  const literal = (type: string) => (type === 'Int' || type === 'Float' ? '1' : type === 'Boolean' ? 'false' : '"x"');
  return `(${required.map((arg) => `${arg.name}: ${literal(graphql.getNamedType(arg.type).name)}`).join(', ')})`;
}

async function operationFor(path: PersonalPath): Promise<string> {
  const [root, ...rest] = path.steps;
  const rootArguments = ROOT_ARGUMENTS[root.field.name];
  if (!rootArguments) throw new Error(`No fixture for root field ${root.field.name}: add it to ROOT_ARGUMENTS so its paths to personal data are walked`);
  const last = path.steps.at(-1)!.field;
  const leaf = graphql.isLeafType(graphql.getNamedType(last.type)) ? '' : ' { __typename }';
  let selection = `${last.name}${path.steps.length > 1 ? nestedArguments(last) : ''}${leaf}`;
  for (const step of rest.slice(0, -1).reverse()) selection = `${step.field.name}${nestedArguments(step.field)} { ${selection} }`;
  if (path.steps.length === 1) return `${path.operation} { ${root.field.name}${await rootArguments()}${leaf} }`;
  return `${path.operation} { ${root.field.name}${await rootArguments()} { ${selection} } }`;
}

async function run(path: PersonalPath, scopes: readonly string[]) {
  const principal = { apiKeyId: 'key_walker', name: 'walker', scopes } as unknown as Principal;
  const source = await operationFor(path);
  const result = await graphql.graphql({ schema, source, contextValue: createContext(services, principal) });
  return { source, result };
}

const names = (path: PersonalPath) => path.steps.map((step) => step.field.name);
const fieldPath = (errorPath: readonly (string | number)[] | undefined) => (errorPath ?? []).filter((part): part is string => typeof part === 'string');
const isForbidden = (error: { originalError?: unknown }) => error.originalError instanceof HubError && error.originalError.code === 'FORBIDDEN';

/** Whether some item of the answer holds the path's last field (lists searched item by item); else where every branch stopped. */
function valueAt(data: unknown, steps: string[]): { reached: boolean; stoppedAt?: string } {
  const stops: string[] = [];
  const search = (value: unknown, index: number): boolean => {
    if (Array.isArray(value)) return value.some((item) => search(item, index));
    if (value === null || value === undefined || typeof value !== 'object') {
      stops.push(steps.slice(0, index).join('.'));
      return false;
    }
    if (!(steps[index] in value)) return false;
    return index === steps.length - 1 || search((value as Record<string, unknown>)[steps[index]], index + 1);
  };
  return search(data, 0) ? { reached: true } : { reached: false, stoppedAt: stops.sort((a, b) => b.length - a.length)[0] };
}

beforeAll(async () => {
  testDb = await createTestDatabase('field_authorization');
  services = testServices(testDb.database, { HUB_CONNECTOR_ALLOW_PRIVATE: 'true' });
  schema = await buildHubSchema();
  paths = personalPaths(schema);

  const shop = await ingestOne('shop', {
    external_id: 'c1',
    email: 'Ann.Lee@Example.cn',
    first_name: 'Ann',
    city: 'Shanghai',
    traits: { tier: 'gold' },
    events: [{ id: 'o1', type: 'order', occurred_at: '2026-01-01T00:00:00Z', amount: 10 }],
  });
  await ingestOne('pos', { external_id: 'card-1', phone: '139 0013 8000', first_name: 'Ann', last_name: 'Lee' });
  // The CRM lead holds the shop's e-mail and the POS card's phone: the two profiles merge, leaving a merge history.
  await ingestOne('crm', { external_id: 'lead-1', email: 'ann.lee@example.cn', phone: '+8613900138000', first_name: 'Ann', last_name: 'Lee' });
  ids.ann = (await sql<{ profile_id: string }>('select profile_id from source_records where id = $1', [shop.recordId]))[0].profile_id;
  expect((await sql('select 1 from merge_decisions where surviving_profile_id = $1', [ids.ann])).length, 'Ann has a merge history').toBeGreaterThan(0);
  // Two people who share a phone but whose given names conflict: explainMatch shows the conflict and the shared value.
  const jun = await ingestOne('shop', { external_id: 'jun', first_name: 'Jun', last_name: 'Wang', phone: '137 2222 3333', date_of_birth: '1990-01-01' });
  const fang = await ingestOne('crm', { external_id: 'fang', first_name: 'Fang', last_name: 'Wang', phone: '13722223333', date_of_birth: '1970-05-05' });
  ids.annRecords = [jun.recordId, fang.recordId];
  ids.segment = (await services.segments.create({ name: 'has e-mail', definition: { identity: { type: 'email' } } })).id;
  const connectionInput = (name: string) => ({ name, connector: 'shopify', config: { shopDomain: `${name}.myshopify.com`, accessToken: 'shpat_walk' } });
  ids.connection = (await services.connections.create(connectionInput('walk-main'))).id;
  ids.run = await queuedRunWithRejection(ids.connection);
  ids.cancelConnection = (await services.connections.create(connectionInput('walk-cancel'))).id;
});

afterAll(async () => {
  await testDb?.drop();
});

describe('personal data on every path of the graph', () => {
  it('finds the paths: profiles, segment members, reviews, merge evidence, rejected rows', () => {
    const found = new Set(paths.map((path) => names(path).join('.')));
    // The two attacks of the issue, and the routes the walk must never lose.
    for (const expected of [
      'createSegment.profiles.edges.node.identities',
      'createSegment.profiles.edges.node.traits',
      'resolveMatchReview.review.fields.left',
      'resolveMatchReview.review.fields.right',
      'profile.events',
      'profile.sourceRecords',
      'mergeProfiles.decision.evidence',
      'syncRun.rejections.edges.node.raw',
    ]) {
      expect(found, expected).toContain(expected);
    }
  });

  it('refuses every path to a key without profiles:read, FORBIDDEN naming the scope, on the path itself', async () => {
    const unguarded: string[] = [];
    for (const path of paths) {
      const steps = names(path);
      const { source, result } = await run(path, ALL_BUT_READ);
      const unreachable = Object.entries(UNREACHABLE).find(([prefix]) => steps.join('.').startsWith(prefix));
      if (unreachable) continue;
      const refusal = (result.errors ?? []).find((error) => isForbidden(error) && steps.join('.').startsWith(fieldPath(error.path).join('.')) && fieldPath(error.path).length > 0);
      if (!refusal || !refusal.message.includes('profiles:read')) {
        unguarded.push(`${steps.join('.')}\n    ${source}\n    → ${str(result.errors?.map((error) => `${error.message} at ${fieldPath(error.path).join('.')}`) ?? result.data)}`);
        continue;
      }
      // A root that needs profiles:read itself refuses at the root; any other path refuses on the personal field.
      const refusedAt = fieldPath(refusal.path);
      if (refusedAt.length > 1) expect(refusedAt, source).toEqual(steps);
    }
    expect(unguarded, `paths that answered personal data (or no FORBIDDEN) without profiles:read:\n${unguarded.join('\n')}`).toEqual([]);
  });

  it('answers every path to a key with profiles:read, each reaching its personal field', async () => {
    const failures: string[] = [];
    for (const path of paths) {
      const steps = names(path);
      const { source, result } = await run(path, [...ALL_BUT_READ, 'profiles:read']);
      if (result.errors?.length) {
        failures.push(`${steps.join('.')}: ${result.errors.map((error) => error.message).join('; ')}\n    ${source}`);
        continue;
      }
      const unreachable = Object.entries(UNREACHABLE).find(([prefix]) => steps.join('.').startsWith(prefix));
      const { reached, stoppedAt } = valueAt(result.data, steps);
      if (unreachable) {
        if (reached || stoppedAt !== unreachable[1].at) failures.push(`${steps.join('.')} was said unreachable (${unreachable[1].why}) but stopped at ${stoppedAt ?? 'nothing'}`);
      } else if (!reached) failures.push(`${steps.join('.')} stopped at ${stoppedAt}: its fixture must reach the personal field\n    ${source}`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
});

describe('the attacks of issue 20', () => {
  it('a segments:write key creates a segment but reads none of its members’ e-mails or traits', async () => {
    const principal = { apiKeyId: 'key_seg', name: 'segment tool', scopes: ['segments:write'] } as unknown as Principal;
    const source = `mutation { createSegment(input: { name: "all with e-mail", definition: ${SEGMENT_DEFINITION} }) { id profiles { edges { node { id identities { type value } traits { key value } } } } } }`;
    const result = await graphql.graphql({ schema, source, contextValue: createContext(services, principal) });
    const text = str(result);
    expect(text).not.toContain('example.cn');
    expect(text).not.toContain('gold');
    const refusals = (result.errors ?? []).filter(isForbidden);
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals[0].message).toContain('profiles:read');
    expect(refusals.map((error) => fieldPath(error.path).at(-1))).toEqual(expect.arrayContaining([expect.stringMatching(/^(identities|traits)$/)]));
  });

  it('a profiles:write key decides a review but does not see the two records’ values', async () => {
    const reviewId = await openReview();
    const principal = { apiKeyId: 'key_rev', name: 'reviewer', scopes: ['profiles:write'] } as unknown as Principal;
    const source = `mutation { resolveMatchReview(id: ${str(reviewId)}, accept: false) { review { id status fields { field level left right } } } }`;
    const result = await graphql.graphql({ schema, source, contextValue: createContext(services, principal) });
    const text = str(result);
    expect(text).not.toContain('@mail.cn');
    expect(text).not.toContain('南京');
    const refusal = (result.errors ?? []).find(isForbidden);
    expect(refusal?.message).toContain('profiles:read');
    expect(['left', 'right']).toContain(fieldPath(refusal?.path).at(-1));
    // The decision itself was made: the review is closed under the key's name.
    const [row] = await sql<{ status: string; decided_by: string }>('select status, decided_by from match_reviews where id = $1', [reviewId]);
    expect(row).toEqual({ status: 'rejected', decided_by: 'reviewer' });
  });

  it('a connectors:admin key sees why rows were rejected but not the rows, until it also holds profiles:read', async () => {
    const source = `query { syncRun(id: ${str(ids.run)}) { rejections { edges { node { reason raw } } } } }`;
    const ask = (scopes: string[]) => graphql.graphql({ schema, source, contextValue: createContext(services, { apiKeyId: 'key_ops', name: 'ops', scopes } as unknown as Principal) });
    const without = await ask(['connectors:admin']);
    expect(str(without)).not.toContain('rejected@mail.cn');
    expect((without.errors ?? []).find(isForbidden)?.message).toContain('profiles:read');
    const withRead = await ask(['connectors:admin', 'profiles:read']);
    expect(withRead.errors).toBeUndefined();
    expect(str(withRead.data)).toContain('rejected@mail.cn');
    const readOnly = await ask(['profiles:read']);
    expect((readOnly.errors ?? []).find(isForbidden)?.message).toContain('connectors:admin');
  });
});

describe('over HTTP, with real keys', () => {
  it('answers the segments:write key FORBIDDEN with extensions.code, and no member e-mail in the body', async () => {
    const hub = await startTestHub('field_authorization_http');
    try {
      await hub.services.ingestion.ingest('shop', [{ external_id: 'h1', email: 'http.member@mail.cn', first_name: 'Mo', traits: { tier: 'gold' } }]);
      const segmentKey = (await hub.services.apiKeys.create('segment tool', ['segments:write'])).key;
      const { body } = await hub.graphql(
        `mutation { createSegment(input: { name: "members", definition: ${SEGMENT_DEFINITION} }) { id profiles { edges { node { id identities { value } traits { value } } } } } }`,
        undefined,
        segmentKey,
      );
      expect(JSON.stringify(body)).not.toContain('http.member@mail.cn');
      expect(body.errors.map((error: any) => error.extensions.code)).toContain('FORBIDDEN');
      expect(body.errors[0].message).toContain('profiles:read');
    } finally {
      await hub.stop();
    }
  });
});
