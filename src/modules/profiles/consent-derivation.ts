import type { ConsentChannel, ConsentStatus } from '../../../connectors/sdk/records';
import type { ProfileSourceRecord } from './profile-derivation';

/** One record's statement about one (channel, purpose) of a profile, and whether it is the one that holds. */
export interface DerivedConsent {
  channel: ConsentChannel;
  purpose: string;
  status: ConsentStatus;
  source: string;
  sourceRecordId: string;
  /** When the source says it was given or changed (the record's own time when it does not say). */
  statedAt: Date;
  current: boolean;
}

// On equal source times the more careful statement holds: a withdrawal over a grant, a grant over "unknown".
const CAUTION: Record<ConsentStatus, number> = { withdrawn: 3, denied: 2, granted: 1, unknown: 0 };

/**
 * A profile's consents: every statement its records make, each (channel, purpose) held by the latest one by
 * source time, whichever source said it. Older statements stay as lineage.
 */
export function deriveConsents(records: ProfileSourceRecord[]): DerivedConsent[] {
  const statements = records.flatMap((stored) =>
    (stored.record.consents ?? []).map((consent) => ({
      channel: consent.channel,
      purpose: consent.purpose,
      status: consent.status,
      source: stored.source,
      sourceRecordId: stored.id,
      statedAt: consent.at ?? stored.observedAt,
      current: false,
    })),
  );
  const holding = new Map<string, DerivedConsent>();
  for (const statement of statements) {
    const key = consentKey(statement);
    const held = holding.get(key);
    if (!held || outranks(statement, held)) holding.set(key, statement);
  }
  for (const statement of holding.values()) statement.current = true;
  return statements;
}

export const consentKey = (consent: { channel: string; purpose: string }): string => `${consent.channel}:${consent.purpose}`;

function outranks(a: DerivedConsent, b: DerivedConsent): boolean {
  const byTime = a.statedAt.getTime() - b.statedAt.getTime();
  if (byTime !== 0) return byTime > 0;
  const byCaution = CAUTION[a.status] - CAUTION[b.status];
  if (byCaution !== 0) return byCaution > 0;
  return a.sourceRecordId > b.sourceRecordId;
}
