import { z } from 'zod';
import { birthDateProblem, MAX_TEXT, MAX_TRAIT_KEY, MAX_TRAITS, MAX_AMOUNT, propertiesProblem, quoteValue, textProblem, textValueProblem, timeProblem } from './value-limits';
import { isConsentField, parseConsentFields, type ConsentStatement } from './consent-fields';

/**
 * The canonical record: the one shape every source is mapped to before ingestion
 * (GraphQL ingestRecords, CSV import, connectors, later `hub resolve`). Field names are a public contract.
 */
export const CANONICAL_FIELDS = [
  'external_id',
  'customer_external_id',
  'first_name',
  'last_name',
  'full_name',
  'email',
  'phone',
  'wechat_unionid',
  'wechat_openid',
  'street',
  'city',
  'state',
  'postcode',
  'country',
  'date_of_birth',
  'gender',
  'company',
  // Last, so the resolution fields keep the order `hub resolve` files have always had.
  'street_number',
  'address_line2',
  'national_id',
  // What a person calls themselves on a platform (a WeChat nickname, a social handle): a trait, and never
  // read as a name by identity resolution, since strangers share 阳光 and one person goes by several.
  'nickname',
] as const;

export type CanonicalField = (typeof CANONICAL_FIELDS)[number];
/**
 * Keys, not traits. `customer_external_id` is the external_id of the customer record, in the same source, that
 * this record belongs to (an order's buyer): the record joins that customer's profile on it, as on an identifier.
 */
export const KEY_FIELDS = ['external_id', 'customer_external_id'] as const;
/** Canonical fields that become profile traits (everything but the keys). */
export const TRAIT_FIELDS = CANONICAL_FIELDS.filter((field) => !(KEY_FIELDS as readonly string[]).includes(field)) as Exclude<CanonicalField, (typeof KEY_FIELDS)[number]>[];

export const EVENT_TYPES = ['order', 'interaction', 'lead', 'service_ticket', 'membership'] as const;

/** Free-text fields: a street line may hold a line break; names, identifiers and codes may not. */
const MULTILINE_FIELDS: ReadonlySet<string> = new Set(['street', 'address_line2']);

/**
 * Two readings of the same shape. `incoming` (the default) is what ingestion accepts: every value storable
 * and within the bounds of value-limits.ts. `stored` re-reads what the store already holds, which was
 * accepted under the rules of its day: a later, stricter bound must not make a stored record unreadable.
 */
function recordSchema(incoming: boolean) {
  const checked = <T extends z.ZodType>(schema: T, check: (value: z.output<T>) => string | undefined) =>
    incoming
      ? schema.superRefine((value, ctx) => {
          const problem = check(value);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        })
      : schema;
  const text = (multiline = false) =>
    checked(
      z
        .union([z.string(), z.number()])
        .transform((value) => String(value).trim())
        .pipe(z.string().max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`)),
      (value) => textValueProblem(value, multiline),
    );
  const optionalText = (multiline = false) =>
    z
      .union([text(multiline), z.null()])
      .optional()
      .transform((value) => (value === null || value === undefined || value === '' ? undefined : value));
  const timestamp = checked(
    z.union([z.string(), z.number()]).transform((value, ctx) => {
      const date = new Date(value);
      if (Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: 'custom', message: `'${quoteValue(value)}' is not a date or timestamp` });
        return z.NEVER;
      }
      return date;
    }),
    timeProblem,
  );
  const traitValue = z.union([checked(z.string().max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`), (value) => textValueProblem(value, true)), z.number(), z.boolean(), z.null()]);
  const traitKey = checked(z.string().min(1, 'a trait key must not be empty').max(MAX_TRAIT_KEY, `a trait key must be at most ${MAX_TRAIT_KEY} characters`), (key) => {
    const problem = textProblem(key, false);
    return problem && `a trait key ${problem}`;
  });
  const amount = checked(
    z
      .union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a number')])
      .optional()
      .transform((v) => (v === undefined ? undefined : Number(v))),
    (value) => (value === undefined || Math.abs(value) <= MAX_AMOUNT ? undefined : `must be between -${MAX_AMOUNT} and ${MAX_AMOUNT}`),
  );
  const event = z.object({
    id: optionalText(),
    type: z.enum(EVENT_TYPES, { message: `must be one of ${EVENT_TYPES.join(', ')}` }),
    occurred_at: timestamp,
    amount,
    properties: checked(z.record(z.string(), z.unknown()).optional(), (value) => (value === undefined ? undefined : propertiesProblem(value))),
  });
  return z
    .object({
      external_id: text().pipe(z.string().min(1, 'is required')),
      customer_external_id: optionalText(),
      ...Object.fromEntries(TRAIT_FIELDS.map((field) => [field, optionalText(MULTILINE_FIELDS.has(field))])),
      date_of_birth: incoming
        ? optionalText().superRefine((value, ctx) => {
            const problem = value === undefined ? undefined : birthDateProblem(value);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          })
        : optionalText().refine((value) => value === undefined || /^\d{4}-\d{2}-\d{2}$/.test(value), 'must be YYYY-MM-DD'),
      traits: checked(z.record(traitKey, traitValue).optional(), (traits) =>
        traits !== undefined && Object.keys(traits).length > MAX_TRAITS ? `at most ${MAX_TRAITS} traits per record` : undefined,
      ),
      events: z.array(event).max(1000, 'at most 1000 events per record').optional(),
      updated_at: timestamp.optional(),
    })
    .strict();
}

const INCOMING = recordSchema(true);
const STORED = recordSchema(false);

export interface CanonicalEvent {
  id?: string;
  type: (typeof EVENT_TYPES)[number];
  occurred_at: Date;
  amount?: number;
  properties?: Record<string, unknown>;
}

export interface CanonicalRecord {
  externalId: string;
  fields: Partial<Record<Exclude<CanonicalField, 'external_id'>, string>>;
  traits: Record<string, string | number | boolean | null>;
  events: CanonicalEvent[];
  updatedAt?: Date;
  /** What the record says about consent (the consent_* fields); absent when it says nothing. */
  consents?: ConsentStatement[];
}

export type ParseResult = { ok: true; record: CanonicalRecord } | { ok: false; reason: string };

/**
 * Validates one raw record; the reason names the field and what is wrong with it, quoting at most a short
 * prefix of a value or key. `stored`: a payload the store already holds (see recordSchema).
 */
export function parseCanonicalRecord(raw: unknown, options: { stored?: boolean } = {}): ParseResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: 'record must be a JSON object' };
  }
  const externalId = (raw as Record<string, unknown>).external_id;
  if (externalId === undefined || externalId === null || externalId === '') return { ok: false, reason: 'external_id: is required' };
  const protoKey = protoKeyPath(raw as Record<string, unknown>);
  if (protoKey) return { ok: false, reason: `${protoKey}: a key must not be __proto__; rename it` };
  // Consent fields are a family (consent_<channel>_<purpose>[_at]), read apart from the fixed fields.
  const consent = parseConsentFields(raw as Record<string, unknown>);
  if (!consent.ok) return consent;
  const parsed = (options.stored ? STORED : INCOMING).safeParse(Object.fromEntries(Object.entries(raw).filter(([key]) => !isConsentField(key))));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === 'unrecognized_keys') {
      const named = issue.keys.slice(0, 5).map((k) => `'${quoteValue(k)}'`).join(', ') + (issue.keys.length > 5 ? ` and ${issue.keys.length - 5} more` : '');
      return { ok: false, reason: `unknown field(s) ${named}; canonical fields are ${CANONICAL_FIELDS.join(', ')}, plus traits, events, updated_at and consent_<channel>_<purpose>[_at]` };
    }
    const where = issue.path.length > 0 ? issue.path.map((part) => quoteValue(String(part))).join('.') : 'record';
    const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    return { ok: false, reason: `${where}: ${message}` };
  }
  const { external_id, traits, events, updated_at, ...fields } = parsed.data as Record<string, unknown>;
  return {
    ok: true,
    record: {
      externalId: external_id as string,
      fields: Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as CanonicalRecord['fields'],
      traits: (traits ?? {}) as CanonicalRecord['traits'],
      events: (events ?? []) as CanonicalEvent[],
      updatedAt: updated_at as Date | undefined,
      ...(consent.consents.length > 0 && { consents: consent.consents }),
    },
  };
}

/**
 * Where a record carries a `__proto__` key (JSON.parse keeps it as an own key): validation would drop it
 * without a word (zod skips it when it copies a record), so the trait or property would vanish.
 */
function protoKeyPath(raw: Record<string, unknown>): string | undefined {
  const hasProto = (value: unknown) => typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__');
  if (hasProto(raw)) return 'record';
  if (hasProto(raw.traits)) return 'traits';
  if (!Array.isArray(raw.events)) return undefined;
  const index = raw.events.findIndex((event) => hasProto(event) || hasProto((event as Record<string, unknown> | null)?.properties));
  return index === -1 ? undefined : `events.${index}`;
}
