import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparisonRows } from './comparison-rows';
import { compareRecords, FIELD_COMPARISONS } from './field-comparisons';
import { normalizeRecord } from './normalized-record';
import { recordAt } from './record-columns';
import { recordColumns } from './record-columns-from-records';
import { resolutionConfig } from './resolution-config';
import { recordsArbitrary } from '../../../test/support/resolution-records.arbitrary';
import { RowComparer } from './row-comparison';

const config = resolutionConfig();

// A run reads records as columns and compares rows: both must agree with the one-record forms, which
// explanations and the database service use.
describe('columns and rows of a run', () => {
  it('read every record back as normalizeRecord makes it', () => {
    fc.assert(
      fc.property(recordsArbitrary({ maxLength: 30 }), (records) => {
        const columns = recordColumns(records, config);
        records.forEach((record, i) => expect(recordAt(columns, i, record.id)).toEqual(normalizeRecord(record, config)));
      }),
      { numRuns: 60 },
    );
  });

  it('compare every pair as compareRecords compares the normalized records', () => {
    fc.assert(
      fc.property(recordsArbitrary({ minLength: 2, maxLength: 16 }), (records) => {
        const comparer = new RowComparer(comparisonRows(recordColumns(records, config)));
        const normalized = records.map((record) => normalizeRecord(record, config));
        const levels = new Int8Array(FIELD_COMPARISONS.length);
        for (let a = 0; a < records.length; a++) {
          for (let b = 0; b < records.length; b++) {
            comparer.compare(a, b, levels);
            expect([...levels]).toEqual([...compareRecords(normalized[a], normalized[b])]);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
