import { describe, it, expect } from 'vitest';
import { parseCanonicalRecord, type CanonicalRecord } from '../ingestion/canonical-record';
import { extractIdentifiers } from '../ingestion/identifiers';
import { expectedDemoProfileCount, generateDemoDataset, type DemoSourceBatch } from './demo-dataset';

interface ParsedRecord {
  source: string;
  record: CanonicalRecord;
}

function parseAll(batches: DemoSourceBatch[]): ParsedRecord[] {
  return batches.flatMap(({ source, records }) =>
    records.map((raw) => {
      const parsed = parseCanonicalRecord(raw);
      if (!parsed.ok) throw new Error(`${source} record rejected: ${parsed.reason}`);
      return { source, record: parsed.record };
    }),
  );
}

/** Groups records the way an exact-match resolver would: any shared normalized identifier links them. */
function clusterByIdentifiers(records: ParsedRecord[]): ParsedRecord[][] {
  const parent = records.map((_, index) => index);
  const find = (index: number): number => (parent[index] === index ? index : (parent[index] = find(parent[index])));
  const ownerOfIdentifier = new Map<string, number>();
  records.forEach(({ source, record }, index) => {
    const extracted = extractIdentifiers(source, record, 'CN');
    if (!extracted.ok) throw new Error(extracted.reason);
    for (const { type, value } of extracted.identifiers) {
      const key = `${type}:${value}`;
      const owner = ownerOfIdentifier.get(key);
      if (owner === undefined) ownerOfIdentifier.set(key, index);
      else parent[find(index)] = find(owner);
    }
  });
  const clusters = new Map<number, ParsedRecord[]>();
  records.forEach((entry, index) => clusters.set(find(index), [...(clusters.get(find(index)) ?? []), entry]));
  return [...clusters.values()];
}

describe('generateDemoDataset', () => {
  const batches = generateDemoDataset();
  const parsed = parseAll(batches);

  it('produces identical output for the same seed and different output for another', () => {
    expect(JSON.stringify(generateDemoDataset())).toBe(JSON.stringify(batches));
    expect(JSON.stringify(generateDemoDataset({ customers: 40, seed: 7 }))).toBe(JSON.stringify(generateDemoDataset({ customers: 40, seed: 7 })));
    expect(JSON.stringify(generateDemoDataset({ seed: 1 }))).not.toBe(JSON.stringify(batches));
  });

  it('defaults to 300 customers spread over shop, pos, wechat and crm', () => {
    expect(batches.map((batch) => batch.source)).toEqual(['shop', 'pos', 'wechat', 'crm']);
    expect(expectedDemoProfileCount()).toBe(300);
    expect(expectedDemoProfileCount({ customers: 50 })).toBe(50);
    for (const batch of batches) expect(batch.records.length).toBeGreaterThan(30);
  });

  it('emits only records that pass canonical validation and identifier extraction', () => {
    for (const { source, records } of batches) {
      for (const raw of records) {
        const result = parseCanonicalRecord(raw);
        expect(result, JSON.stringify(raw)).toMatchObject({ ok: true });
        if (result.ok) expect(extractIdentifiers(source, result.record, 'CN'), JSON.stringify(raw)).toMatchObject({ ok: true });
      }
    }
  });

  it('keeps external ids and event ids unique within each source', () => {
    for (const source of ['shop', 'pos', 'wechat', 'crm']) {
      const records = parsed.filter((entry) => entry.source === source).map((entry) => entry.record);
      const externalIds = records.map((record) => record.externalId);
      const eventIds = records.flatMap((record) => record.events.map((event) => event.id));
      expect(new Set(externalIds).size).toBe(externalIds.length);
      expect(eventIds.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
      expect(new Set(eventIds).size).toBe(eventIds.length);
    }
  });

  it('gives every source batch events to show', () => {
    for (const { source, records } of batches) {
      const events = records.flatMap((record) => record.events as unknown[]);
      expect(events.length, source).toBeGreaterThan(0);
    }
  });

  it('links records into exactly one group per real customer, with at least 30% seen in several sources', () => {
    const clusters = clusterByIdentifiers(parsed);
    expect(clusters).toHaveLength(expectedDemoProfileCount());
    const multiSource = clusters.filter((cluster) => new Set(cluster.map((entry) => entry.source)).size >= 2);
    expect(multiSource.length / clusters.length).toBeGreaterThanOrEqual(0.3);
  });

  it('includes customers whose shop and POS records meet only through the CRM record', () => {
    const transitive = clusterByIdentifiers(parsed).filter((cluster) => {
      const shop = cluster.find((entry) => entry.source === 'shop')?.record;
      const pos = cluster.find((entry) => entry.source === 'pos')?.record;
      return shop !== undefined && pos !== undefined && shop.fields.phone === undefined;
    });
    expect(transitive.length).toBeGreaterThanOrEqual(3);
  });

  it('spells the same e-mail and phone differently across sources to exercise normalization', () => {
    const emails = parsed.map((entry) => entry.record.fields.email).filter((email) => email !== undefined);
    const phones = parsed.map((entry) => entry.record.fields.phone).filter((phone) => phone !== undefined);
    expect(emails.some((email) => email !== email.toLowerCase())).toBe(true);
    expect(phones.some((phone) => phone.startsWith('+86'))).toBe(true);
    expect(phones.some((phone) => phone.includes(' '))).toBe(true);
    expect(batches.some(({ records }) => records.some((raw) => typeof raw.email === 'string' && raw.email !== raw.email.trim()))).toBe(true);
  });
});
