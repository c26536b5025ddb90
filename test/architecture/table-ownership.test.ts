import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A table is written only by its owner module's stores, and read by another module's store only where that
 * store says so in its header ("Borrows (reads only): …"): set-based statements that join another module's
 * tables (a segment compiled over traits and events) are the one allowed exception, and a visible one.
 * The ownership below is the one listed in docs/architecture.md; each module's index.ts says the same.
 */
const OWNERS: Record<string, readonly string[]> = {
  profiles: ['profiles', 'source_records', 'identities', 'traits', 'trait_types', 'consents', 'events', 'merge_decisions'],
  identity: ['record_blocking_keys', 'oversized_blocking_keys', 'match_reviews', 'cannot_links', 'must_links', 'identity_models'],
  'computed-traits': ['computed_traits'],
  segments: ['segments', 'segment_memberships', 'segment_changes'],
  sync: ['connections', 'sync_runs', 'sync_stream_states', 'sync_rejections'],
  webhooks: ['webhook_subscriptions', 'webhook_events', 'webhook_deliveries', 'webhook_sequences'],
  auth: ['api_keys'],
  privacy: ['erasure_receipts', 'suppressions', 'suppressed_identifiers'],
  audit: ['audit_log'],
};

const ROOT = path.resolve(__dirname, '../..');
const ownerOf = new Map(Object.entries(OWNERS).flatMap(([module, tables]) => tables.map((table) => [table, module] as const)));

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => pattern.test(file))
    .map((file) => path.join(dir, file));
}

/** Tables named after the words that write or read them, in a file's text (SQL lives in string literals). */
function tablesIn(text: string): { writes: Set<string>; reads: Set<string> } {
  const names = (pattern: RegExp) => new Set([...text.matchAll(pattern)].map((match) => match[1]).filter((name) => ownerOf.has(name)));
  const writes = names(/\b(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?)\s+([a-z_]+)\b|copyRows\(\s*'([a-z_]+)'/gi);
  for (const match of text.matchAll(/copyRows\(\s*'([a-z_]+)'/g)) if (ownerOf.has(match[1])) writes.add(match[1]);
  const reads = names(/\b(?:from|join|exists\s*\(\s*select\s+1\s+from)\s+([a-z_]+)\b/gi);
  return { writes, reads };
}

describe('table ownership', () => {
  it('gives every table the migrations create exactly one owner module', () => {
    const created = new Set(files('migrations', /\.ts$/).flatMap((file) => [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/create table (?:if not exists )?([a-z_]+)/g)].map((match) => match[1])));
    expect([...created].filter((table) => !ownerOf.has(table)).sort()).toEqual([]);
    expect(Object.values(OWNERS).flat().length).toBe(ownerOf.size);
  });

  it("lets a store write only its own module's tables, and read another's only where its header declares the borrow", () => {
    const problems: string[] = [];
    for (const file of files('src/modules', /\.store\.ts$/)) {
      const module = file.split(path.sep)[2];
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      const borrowed = new Set((/Borrows \(reads only\):([^*]*(?:\*(?!\/)[^*]*)*)\*\//.exec(text)?.[1] ?? '').match(/[a-z_]+/g) ?? []);
      const { writes, reads } = tablesIn(text);
      for (const table of writes) if (ownerOf.get(table) !== module) problems.push(`${file} writes ${table}, owned by ${ownerOf.get(table)}`);
      for (const table of reads) if (ownerOf.get(table) !== module && !borrowed.has(table)) problems.push(`${file} reads ${table} (owned by ${ownerOf.get(table)}) without declaring the borrow`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps every SQL statement of src/modules in a store file', () => {
    const outside = files('src/modules', /(?<!\.store)(?<!\.test)\.ts$/).filter((file) => {
      const { writes, reads } = tablesIn(readFileSync(path.join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''));
      return writes.size + reads.size > 0 && !file.endsWith('segment-compiler.ts');
    });
    expect(outside).toEqual([]);
  });
});
