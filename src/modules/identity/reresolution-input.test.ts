import { describe, expect, it } from 'vitest';
import type { StoredRecordWithPayload } from '../profiles';
import { indexRun, runOf, unchangedSince } from './reresolution-input';

const HASH = Buffer.alloc(32, 1).toString('base64url');
const OTHER_HASH = Buffer.alloc(32, 2).toString('base64url');
const stored = (id: string, profileId: string, contentHash = HASH): StoredRecordWithPayload => ({
  sourceRecordId: id,
  profileId,
  source: 'shop',
  externalId: id,
  contentHash,
  payload: { external_id: id, first_name: 'Ann', nickname: 'Sunny' },
  phoneRegion: null,
});

describe('the records a re-resolution read', () => {
  const rows = [stored('srec_2', 'prof_1'), stored('srec_1', 'prof_1'), stored('srec_3', 'prof_2')];
  const run = runOf(rows);
  const index = indexRun(run);
  const refs = (changes: Partial<Record<string, Partial<StoredRecordWithPayload>>> = {}) => rows.map((row) => ({ ...row, ...changes[row.sourceRecordId] }));

  it('keeps what the engine reads of each record, in id order, with its profile now', () => {
    expect(run.records.map((record) => [record.id, record.fields])).toEqual([
      ['srec_1', { first_name: 'Ann' }],
      ['srec_2', { first_name: 'Ann' }],
      ['srec_3', { first_name: 'Ann' }],
    ]);
    expect([...run.current]).toEqual([
      ['srec_1', 'prof_1'],
      ['srec_2', 'prof_1'],
      ['srec_3', 'prof_2'],
    ]);
  });

  it('holds a plan good while its profiles have the records it read, at the versions it read', () => {
    expect(unchangedSince(run, index, ['prof_1', 'prof_2'], refs())).toBe(true);
    // A record changed since, moved away, or joined by one the run never read: the plan is stale.
    expect(unchangedSince(run, index, ['prof_1'], refs({ srec_1: { contentHash: OTHER_HASH } }))).toBe(false);
    expect(unchangedSince(run, index, ['prof_1'], refs({ srec_2: { profileId: 'prof_2' } }))).toBe(false);
    expect(unchangedSince(run, index, ['prof_1'], [...refs(), stored('srec_9', 'prof_1')])).toBe(false);
    // A change elsewhere does not matter.
    expect(unchangedSince(run, index, ['prof_1'], refs({ srec_3: { contentHash: OTHER_HASH } }))).toBe(true);
  });
});
