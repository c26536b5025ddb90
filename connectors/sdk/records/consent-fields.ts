/**
 * Consent in the canonical record: flat fields, so a CSV column, a GraphQL record and a connector's mapping
 * say it the same way. `consent_<channel>_<purpose>` holds a status and `consent_<channel>_<purpose>_at` the
 * time the source says it was given or changed (optional; the record's own time stands in for it).
 * The purposes sources use today: `marketing` (e-mail and SMS marketing, Shopify) and `service` (an
 * Official Account's service messages, WeChat); any other lower-case purpose a source provides is kept as is.
 */

export const CONSENT_CHANNELS = ['email', 'sms', 'phone', 'wechat'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

export const CONSENT_STATUSES = ['granted', 'denied', 'withdrawn', 'unknown'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** What one record says about one (channel, purpose). */
export interface ConsentStatement {
  channel: ConsentChannel;
  purpose: string;
  status: ConsentStatus;
  /** When the source says it was given or changed; absent: the record's time. */
  at?: Date;
}

export const CONSENT_PURPOSE_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
// The purpose is matched lazily, so a trailing `_at` is always the time field: no purpose ends in `_at`.
/** The names of consent fields, e.g. consent_email_marketing and consent_email_marketing_at. */
export const CONSENT_FIELD_PATTERN = /^consent_(email|sms|phone|wechat)_([a-z][a-z0-9_]{0,39}?)(_at)?$/;
// A source time further ahead than this is refused: it would win "latest" over every later change.
const MAX_FUTURE_MS = 86_400_000;
const EARLIEST = Date.UTC(1970, 0, 1);

export const isConsentField = (key: string): boolean => key.startsWith('consent_');

/** The field name of a consent, e.g. consentFieldName('email', 'marketing') = 'consent_email_marketing'. */
export function consentFieldName(channel: ConsentChannel, purpose: string, time = false): string {
  return `consent_${channel}_${purpose}${time ? '_at' : ''}`;
}

export type ConsentParse = { ok: true; consents: ConsentStatement[] } | { ok: false; reason: string };

/** Reads the consent_* fields of a raw record (others are ignored); the reason names the field. */
export function parseConsentFields(raw: Record<string, unknown>, now = Date.now()): ConsentParse {
  const statuses = new Map<string, { channel: ConsentChannel; purpose: string; status: ConsentStatus }>();
  const times = new Map<string, Date>();
  for (const [key, value] of Object.entries(raw)) {
    if (!isConsentField(key)) continue;
    const match = CONSENT_FIELD_PATTERN.exec(key);
    if (!match) {
      return { ok: false, reason: `unknown consent field '${key.slice(0, 40)}'; use consent_<${CONSENT_CHANNELS.join('|')}>_<purpose> (${CONSENT_STATUSES.join(', ')}) and consent_<channel>_<purpose>_at` };
    }
    if (value === undefined || value === null || value === '') continue;
    const [, channel, purpose, time] = match;
    const name = `${channel}_${purpose}`;
    if (time) {
      const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : new Date(Number.NaN);
      if (Number.isNaN(date.getTime())) return { ok: false, reason: `${key}: '${String(value).slice(0, 40)}' is not a date or timestamp` };
      if (date.getTime() < EARLIEST || date.getTime() > now + MAX_FUTURE_MS) return { ok: false, reason: `${key}: must lie between 1970 and now` };
      times.set(name, date);
      continue;
    }
    const status = typeof value === 'string' ? value.trim().toLowerCase() : '';
    if (!(CONSENT_STATUSES as readonly string[]).includes(status)) return { ok: false, reason: `${key}: must be one of ${CONSENT_STATUSES.join(', ')}` };
    statuses.set(name, { channel: channel as ConsentChannel, purpose, status: status as ConsentStatus });
  }
  for (const name of times.keys()) if (!statuses.has(name)) return { ok: false, reason: `consent_${name}_at: given without consent_${name}` };
  return { ok: true, consents: [...statuses].map(([name, statement]) => (times.has(name) ? { ...statement, at: times.get(name)! } : statement)) };
}

/** The flat fields of consent statements, as toPayload stores them. */
export function consentFields(consents: readonly ConsentStatement[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const consent of consents) {
    fields[consentFieldName(consent.channel, consent.purpose)] = consent.status;
    if (consent.at) fields[consentFieldName(consent.channel, consent.purpose, true)] = consent.at.toISOString();
  }
  return fields;
}
