import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../connectors/sdk/records';
import { startTestHub, type TestHub } from '../support/hub';

/**
 * Issue 20, item 5, as a property: whatever JSON records a client sends to ingestRecords over HTTP, the answer
 * is never INTERNAL, every valid record is stored, every invalid one is refused with its index and a reason,
 * and every other record is one or the other. Records come in three kinds: valid ones, valid ones with one
 * known-bad value planted (control characters, huge numbers, odd dates, deep nesting, long strings, wrong
 * types), and wild ones (arbitrary JSON under the record's field names), whose fate the test does not predict.
 */
let hub: TestHub;
let batchNumber = 0;

beforeAll(async () => {
  hub = await startTestHub('ingest_fuzz');
}, 60_000);
afterAll(async () => hub?.stop());

const UNSAFE = /[\u0000-\u001f\u007f]|[\ud800-\udfff]/u;
const safeText = (maxLength: number) => fc.string({ unit: 'grapheme', minLength: 1, maxLength }).filter((text) => !UNSAFE.test(text) && text.trim() !== '' && Buffer.byteLength(text) <= 2000);
const traitKey = safeText(40).filter((key) => key !== '__proto__');
const isoDay = (from: string, to: string) => fc.date({ min: new Date(from), max: new Date(to), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
const eventTime = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString());
const properties = fc.dictionary(traitKey, fc.oneof(safeText(50), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 5 })), { maxKeys: 5 });

const validRecord = fc.record(
  {
    first_name: safeText(30),
    last_name: safeText(30),
    email: fc.stringMatching(/^[a-z]{1,12}$/).map((local) => `${local}@example.cn`),
    phone: fc.integer({ min: 0, max: 99_999_999 }).map((n) => `138${String(n).padStart(8, '0')}`),
    street: fc.tuple(safeText(30), safeText(20)).map(([a, b]) => `${a}\n${b}`),
    city: safeText(20),
    date_of_birth: isoDay('1900-01-01', '2020-12-31'),
    traits: fc.dictionary(traitKey, fc.oneof(safeText(100), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)), { maxKeys: 4 }),
    events: fc.array(
      fc.record({ type: fc.constantFrom(...EVENT_TYPES), occurred_at: eventTime, amount: fc.double({ min: -1e11, max: 1e11, noNaN: true }), properties }, { requiredKeys: ['type', 'occurred_at'] }),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: [] },
);

const event = (fields: Record<string, unknown>) => ({ type: 'order', occurred_at: '2026-01-01T00:00:00Z', ...fields });
let deepest: unknown = 1;
for (let level = 0; level < 12; level++) deepest = [deepest];

/** One bad value each, and a pattern its reason must match. */
const badValue = fc.oneof(
  fc.record({ at: fc.constantFrom('first_name', 'city', 'email'), char: fc.integer({ min: 0, max: 31 }).filter((c) => ![9, 10, 13].includes(c)) }).map(({ at, char }) => ({ patch: { [at]: `a${String.fromCharCode(char)}b` }, reason: /control character|NUL/ })),
  fc.constantFrom('first_name', 'company').map((at) => ({ patch: { [at]: 'x\u0000y' }, reason: /NUL character/ })),
  fc.constant({ patch: { full_name: 'lone \ud83d half' }, reason: /lone surrogate/ }),
  fc.constant({ patch: { traits: { note: 'lone \udc00' } }, reason: /lone surrogate/ }),
  fc.double({ min: 1e12, max: 1e300, noNaN: true }).chain((n) => fc.constantFrom(n, -n)).map((amount) => ({ patch: { events: [event({ amount })] }, reason: /amount: must be between/ })),
  fc.constantFrom('9'.repeat(400), '1000000000000').map((amount) => ({ patch: { events: [event({ amount })] }, reason: /amount: must be between/ })),
  fc.constantFrom('0000-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '2100-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z').map((at) => ({ patch: { events: [event({ occurred_at: at })] }, reason: /occurred_at: .* is outside/ })),
  fc.constantFrom('soon', '', 'x'.repeat(5000)).map((at) => ({ patch: { events: [event({ occurred_at: at })] }, reason: /occurred_at: .*(is not a date|outside)/ })),
  fc.constantFrom('2020-13-45', '2021-02-29', '1990-00-10', '2999-01-01', '1899-12-31', '1990/01/01', '19900101').map((dob) => ({ patch: { date_of_birth: dob }, reason: /date_of_birth: / })),
  fc.integer({ min: 33_000, max: 100_000 }).map((size) => ({ patch: { events: [event({ properties: { blob: 'x'.repeat(size) } })] }, reason: /properties: are \d+ bytes/ })),
  fc.constant({ patch: { events: [event({ properties: { deep: deepest } })] }, reason: /properties: nest deeper than 8/ }),
  fc.integer({ min: 1001, max: 20_000 }).map((size) => ({ patch: { last_name: 'y'.repeat(size) }, reason: /last_name: must be at most 1000 characters/ })),
  fc.integer({ min: 101, max: 200_000 }).map((size) => ({ patch: { traits: { ['k'.repeat(size)]: 1 } }, reason: /^traits\.k{40}…: a trait key must be at most 100 characters$/ })),
  fc.constantFrom<unknown>({ a: 1 }, [1, 2], true).map((value) => ({ patch: { first_name: value }, reason: /first_name: / })),
  fc.constantFrom<unknown>('not a list', { 0: 1 }, 7).map((events) => ({ patch: { events }, reason: /events: / })),
  fc.constantFrom<unknown>([1], 'x', 3).map((traits) => ({ patch: { traits }, reason: /traits: / })),
  fc.constant({ patch: { events: [event({ type: 'refund' })] }, reason: /events\.0\.type: must be one of/ }),
  fc.constant({ patch: { emial: 'typo@example.cn' }, reason: /unknown field\(s\) 'emial'/ }),
);

const FIELD_NAMES = ['first_name', 'email', 'phone', 'date_of_birth', 'traits', 'events', 'updated_at', 'customer_external_id', 'country', 'nickname'];
const wildRecord = fc.dictionary(fc.constantFrom(...FIELD_NAMES), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 4 });

type Planned = { kind: 'valid'; record: Record<string, unknown> } | { kind: 'invalid'; record: Record<string, unknown>; reason: RegExp } | { kind: 'wild'; record: unknown };

const plannedRecord: fc.Arbitrary<Planned> = fc.oneof(
  { weight: 4, arbitrary: validRecord.map((record): Planned => ({ kind: 'valid', record })) },
  { weight: 4, arbitrary: fc.tuple(validRecord, badValue).map(([record, bad]): Planned => ({ kind: 'invalid', record: { ...record, ...bad.patch }, reason: bad.reason })) },
  { weight: 2, arbitrary: wildRecord.map((record): Planned => ({ kind: 'wild', record })) },
  // Not null: `records: [JSON!]!` refuses a null record for the whole request, before ingestion.
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).filter((record) => record !== null).map((record): Planned => ({ kind: 'wild', record })) },
);

const INGEST = `mutation ($source: String!, $records: [JSON!]!) {
  ingestRecords(source: $source, records: $records) { read created updated unchanged rejected rejections { index reason } }
}`;

describe('ingestRecords under arbitrary JSON records', () => {
  it('never answers INTERNAL, stores every valid record and refuses every invalid one with its index and a reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(plannedRecord, { minLength: 1, maxLength: 20 }), async (planned) => {
        const source = `fuzz${++batchNumber}`;
        // Ids unique within the batch, so each record's fate can be read from the store.
        const records = planned.map((item, index) => (item.kind === 'wild' && (typeof item.record !== 'object' || item.record === null || Array.isArray(item.record)) ? item.record : { ...(item.record as object), external_id: `r${index}` }));
        const { status, body } = await hub.graphql(INGEST, { source, records }, hub.keys.write);
        expect(body.errors, JSON.stringify(body.errors)?.slice(0, 500)).toBeUndefined();
        expect(status).toBe(200);
        const result = body.data.ingestRecords as { read: number; created: number; rejected: number; rejections: { index: number; reason: string }[] };
        const rows = await hub.testDb.database.query<{ external_id: string }>('select external_id from source_records where source = $1', [source]);
        const stored = new Set(rows.map((row) => row.external_id));
        const refused = new Map(result.rejections.map((rejection) => [rejection.index, rejection.reason]));

        expect(result.read).toBe(records.length);
        expect(result.rejected).toBe(refused.size);
        planned.forEach((item, index) => {
          const reason = refused.get(index);
          const isStored = stored.has(`r${index}`);
          // Exactly one fate for every record.
          expect(isStored !== (reason !== undefined), `record ${index} (${item.kind}): stored ${isStored}, refused ${reason}`).toBe(true);
          if (item.kind === 'valid') expect(reason, `valid record ${index} refused`).toBeUndefined();
          if (item.kind === 'invalid') expect(reason, `invalid record ${index}`).toMatch(item.reason);
          if (reason !== undefined) expect(reason.length).toBeLessThan(600);
        });
        expect(result.created).toBe(stored.size);
      }),
      { numRuns: Number(process.env.HUB_FUZZ_RUNS ?? 40), endOnFailure: true },
    );
  }, 240_000);
});
