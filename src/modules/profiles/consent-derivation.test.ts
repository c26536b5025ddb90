import { describe, expect, it } from 'vitest';
import type { CanonicalRecord } from '../../../connectors/sdk/records';
import { deriveConsents } from './consent-derivation';
import type { ProfileSourceRecord } from './profile-derivation';

const stored = (id: string, source: string, observedAt: string, consents: CanonicalRecord['consents']): ProfileSourceRecord => ({
  id,
  source,
  record: { externalId: id, fields: {}, traits: {}, events: [], consents },
  observedAt: new Date(observedAt),
  firstSeenAt: new Date(observedAt),
});

describe('consent derivation', () => {
  it("lets the latest statement by the source's time hold, falling back to the record's time, and keeps the others as lineage", () => {
    const derived = deriveConsents([
      stored('rec_a', 'shop', '2026-09-01T00:00:00Z', [{ channel: 'email', purpose: 'marketing', status: 'granted', at: new Date('2026-01-01T00:00:00Z') }]),
      // No time of its own: the record was observed on 2026-05-01, after the shop's grant of January.
      stored('rec_b', 'crm', '2026-05-01T00:00:00Z', [{ channel: 'email', purpose: 'marketing', status: 'withdrawn' }]),
      stored('rec_c', 'wechat', '2026-02-01T00:00:00Z', [{ channel: 'wechat', purpose: 'service', status: 'granted' }]),
    ]);
    expect(derived.map(({ sourceRecordId, channel, status, statedAt, current }) => [sourceRecordId, channel, status, statedAt.toISOString(), current])).toEqual([
      ['rec_a', 'email', 'granted', '2026-01-01T00:00:00.000Z', false],
      ['rec_b', 'email', 'withdrawn', '2026-05-01T00:00:00.000Z', true],
      ['rec_c', 'wechat', 'granted', '2026-02-01T00:00:00.000Z', true],
    ]);
  });

  it('holds the more careful statement when two sources state the same time, and a known status over unknown', () => {
    const at = new Date('2026-03-03T00:00:00Z');
    const holding = (...statuses: ('granted' | 'denied' | 'withdrawn' | 'unknown')[]) =>
      deriveConsents(statuses.map((status, index) => stored(`rec_${index}`, `s${index}`, '2026-04-01T00:00:00Z', [{ channel: 'sms', purpose: 'marketing', status, at }]))).find((consent) => consent.current)!.status;
    expect(holding('granted', 'withdrawn')).toBe('withdrawn');
    expect(holding('withdrawn', 'granted')).toBe('withdrawn');
    expect(holding('denied', 'granted')).toBe('denied');
    expect(holding('unknown', 'granted')).toBe('granted');
  });
});
