import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kind, parse, print, type DefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHub } from '../support/cli';
import { startDemoStores, type DemoStore, type DemoStores } from '../support/demo-stores';
import { commandLines, examplesOf, hubInvocation, type DocExample } from './markdown-examples';

/**
 * Every GraphQL and CLI example of README.md and docs/*.md, run against the built-in demo's store: each must
 * answer data (no errors, and no empty answer unless marked may-be-empty) or the error its marker names.
 * Destructive examples run on a copy of the demo of their own. The markers are described in markdown-examples.ts.
 * Webhook examples subscribe local URLs, as a developer trying them on the demo does: the stores allow them.
 */

const ROOT = path.resolve(__dirname, '../..');
const FILES = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)];
const EXAMPLES = FILES.flatMap((file) => examplesOf(file, readFileSync(path.join(ROOT, file), 'utf8')));

let demo: DemoStores;
let main: DemoStore;
let destructive: DemoStore;
const workDir = mkdtempSync(path.join(tmpdir(), 'docs-examples-'));

beforeAll(async () => {
  demo = await startDemoStores('docs_examples', 2, { HUB_WEBHOOK_ALLOW_PRIVATE: 'true' });
  [main, destructive] = demo.stores;
  // CLI examples name files as a reader in the repository would (examples/customers.csv) and write their outputs here.
  symlinkSync(path.join(ROOT, 'examples'), path.join(workDir, 'examples'));
}, 300_000);
afterAll(async () => {
  await demo?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe('the documentation', () => {
  it('keeps the README under 3,000 words, as wc -w counts them', () => {
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8').split(/\s+/).filter(Boolean).length).toBeLessThanOrEqual(3000);
  });

  it('links only to files and headings that exist', () => {
    const broken = FILES.flatMap((file) => brokenLinks(file));
    expect(broken).toEqual([]);
  });

  it('documents every environment variable the configuration reads', () => {
    const source = readFileSync(path.join(ROOT, 'src/config/index.ts'), 'utf8');
    const variables = [...source.matchAll(/^ {2}([A-Z][A-Z0-9_]+): /gm)].map((match) => match[1]);
    expect(variables.length).toBeGreaterThan(20);
    const reference = readFileSync(path.join(ROOT, 'docs/configuration.md'), 'utf8');
    expect(variables.filter((variable) => !reference.includes(`\`${variable}\``))).toEqual([]);
  });

  it('has examples to run', () => {
    expect(EXAMPLES.filter((example) => !example.directives.notRun).length).toBeGreaterThan(20);
  });

  for (const example of EXAMPLES) {
    it(`${example.file}:${example.line} (${example.kind}) ${example.directives.notRun ? 'is marked as not run, visibly' : 'runs on the demo'}`, async () => {
      expect(example.fault, 'marker or block fault').toBeUndefined();
      if (example.directives.notRun) {
        // A reader must see it too: the block itself says why, in a comment.
        expect(example.text, `not run (${example.directives.notRun}); say so in a # comment in the block`).toMatch(/^\s*#.*\S/m);
        return;
      }
      const store = example.directives.destructive ? destructive : main;
      if (example.kind === 'graphql') await runGraphql(store, example);
      else await runCli(store, example);
    }, 120_000);
  }
});

async function runGraphql(store: DemoStore, example: DocExample): Promise<void> {
  const ids = new Placeholders(store);
  const document = parse(example.text);
  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const variables = example.variables ? (JSON.parse(await ids.fill(example.variables)) as Record<string, unknown>) : undefined;
  for (const operation of operations) {
    const query = await ids.fill([operation, ...fragments].map((definition: DefinitionNode) => print(definition)).join('\n'));
    const response = await fetch(store.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${store.key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
    const expected = example.directives.expectError;
    if (expected) {
      expect(body.errors?.map((error) => error.extensions?.code), query).toContain(expected);
      continue;
    }
    expect(body.errors, query).toBeUndefined();
    expect(body.data, query).toBeTruthy();
    if (!example.directives.mayBeEmpty) expect(emptyAnswers(body.data!), `${query}\n${JSON.stringify(body.data).slice(0, 400)}`).toEqual([]);
  }
}

async function runCli(store: DemoStore, example: DocExample): Promise<void> {
  const ids = new Placeholders(store);
  const lines = commandLines(example.text);
  expect(lines.length, 'a CLI block with no command').toBeGreaterThan(0);
  for (const line of lines) {
    const invocation = hubInvocation(line);
    expect(invocation, `'${line}' is not a hub command: mark the block not-run with the reason`).toBeDefined();
    const args: string[] = [];
    for (const arg of invocation!.args) args.push(await ids.fill(arg));
    const result = await runHub(args, { ...store.cliEnv, ...invocation!.env }, undefined, workDir);
    const expected = /^exit (\d+)$/.exec(example.directives.expectError ?? '');
    if (example.directives.expectError) {
      expect(expected, 'a CLI example expects an error as "expect-error exit N"').toBeTruthy();
      expect(result.code, `${line}\n${result.stderr}`).toBe(Number(expected![1]));
      continue;
    }
    expect(result.code, `${line}\n${result.stdout}\n${result.stderr}`).toBe(0);
    if (!example.directives.mayBeEmpty) expect(result.stdout.trim(), `${line} printed nothing`).not.toBe('');
  }
}

/** Relative links of a Markdown file whose file, or heading (as GitHub makes its anchor), does not exist. */
function brokenLinks(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  const broken: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target)) continue;
    const [relative, anchor] = target.split('#');
    const resolved = relative ? path.resolve(path.dirname(path.join(ROOT, file)), relative) : path.join(ROOT, file);
    if (!existsSync(resolved)) broken.push(`${file}: ${target}`);
    else if (anchor && !headingAnchors(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${file}: ${target} (no such heading)`);
  }
  return broken;
}

function headingAnchors(markdown: string): Set<string> {
  const headings = markdown.replace(/```[\s\S]*?```/g, '').match(/^#{1,6} .+$/gm) ?? [];
  return new Set(headings.map((heading) => heading.replace(/^#+ /, '').trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')));
}

/** Top-level answers that hold nothing: null, an empty list, a zero count, a connection without edges. */
function emptyAnswers(data: Record<string, unknown>): string[] {
  const empty: string[] = [];
  for (const [field, value] of Object.entries(data)) {
    if (value === null || (Array.isArray(value) && value.length === 0)) empty.push(field);
    else if (typeof value === 'object' && !Array.isArray(value)) {
      const answer = value as Record<string, unknown>;
      if (answer.count === 0 || answer.totalCount === 0 || (Array.isArray(answer.edges) && answer.edges.length === 0)) empty.push(field);
    }
  }
  return empty;
}

/**
 * The demo phones whose profiles stand for `prof_…` in examples: people the five platforms all know, the first
 * the one the README looks up. An erased person's phone is gone, so later examples take the next person.
 */
const DEMO_PHONES = ['+8615900506816', '+8613600300922', '+8613000538492', '+8613002288591', '+8613101623395', '+8613102161887'];
const PLACEHOLDER = /\b(prof|srec|seg|whk|msg|run|rev|key|sup|conn)_…/g;

/**
 * Fills `prof_…`, `seg_…` and the other id placeholders of one example with ids of the store it runs on. The n-th
 * `prof_…` of an example is the n-th demo person; the n-th `srec_…` a record of the first; the others the store's
 * first (or newest) object of their kind, made when the store has none.
 */
class Placeholders {
  private readonly seen = new Map<string, number>();
  constructor(private readonly store: DemoStore) {}

  async fill(text: string): Promise<string> {
    let filled = '';
    let last = 0;
    for (const match of text.matchAll(PLACEHOLDER)) {
      const kind = match[1];
      const occurrence = this.seen.get(kind) ?? 0;
      this.seen.set(kind, occurrence + 1);
      filled += text.slice(last, match.index) + (await this.id(kind, occurrence));
      last = match.index! + match[0].length;
    }
    return filled + text.slice(last);
  }

  private async one(sql: string, params: unknown[] = []): Promise<string | undefined> {
    const [row] = await this.store.services.database.query<{ id: string }>(sql, params);
    return row?.id;
  }

  private async id(kind: string, occurrence: number): Promise<string> {
    const found = await this.lookup(kind, occurrence);
    if (!found) throw new Error(`the store has no ${kind}_… for this example (occurrence ${occurrence + 1})`);
    return found;
  }

  private async lookup(kind: string, occurrence: number): Promise<string | undefined> {
    const person = (index: number) =>
      this.one(
        `select distinct on (k.ord) p.id from unnest($1::text[]) with ordinality k(phone, ord)
           join identities i on i.type = 'phone' and i.value = k.phone join profiles p on p.id = i.profile_id and p.merged_into_id is null
          order by k.ord offset $2 limit 1`,
        [DEMO_PHONES, index],
      );
    switch (kind) {
      case 'prof':
        return person(occurrence);
      case 'srec':
        return this.one('select id from source_records where profile_id = $1 order by source, external_id offset $2 limit 1', [await person(0), occurrence]);
      case 'seg':
        return (await this.one('select id from segments order by created_at limit 1')) ?? (await this.store.services.segments.create({ name: 'Shanghai', definition: { trait: { key: 'city', op: 'EQ', value: '上海' } } })).id;
      case 'whk':
        return (await this.one('select id from webhook_subscriptions order by created_at limit 1')) ?? (await this.subscribe());
      case 'msg':
        return this.one('select event_id as id from webhook_deliveries where subscription_id = $1 order by created_at desc limit 1', [await this.id('whk', 0)]);
      case 'run':
        // The newest run with rejected rows, so an example about rejections shows some.
        return this.one('select r.id from sync_runs r order by exists (select 1 from sync_rejections j where j.run_id = r.id) desc, r.queued_at desc limit 1');
      case 'rev':
        return this.one(`select id from match_reviews where status = 'open' order by created_at, id limit 1`);
      case 'key':
        return (
          (await this.one(`select id from api_keys where name <> 'docs examples' and revoked_at is null order by created_at desc limit 1`)) ??
          (await this.store.services.apiKeys.create('docs example', ['profiles:read'])).apiKey.id
        );
      case 'sup':
        return this.one('select id from suppressions where lifted_at is null order by created_at desc limit 1');
      case 'conn':
        return this.one(`select id from connections where name = 'demo-shopify'`);
    }
    return undefined;
  }

  private async subscribe(): Promise<string> {
    const response = await fetch(this.store.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.store.key}` },
      body: JSON.stringify({ query: 'mutation { createWebhookSubscription(input: { url: "http://127.0.0.1:8787/hooks/hub", events: ["profile.created", "profile.updated"] }) { subscription { id } } }' }),
    });
    const body = (await response.json()) as { data: { createWebhookSubscription: { subscription: { id: string } } } };
    return body.data.createWebhookSubscription.subscription.id;
  }
}
