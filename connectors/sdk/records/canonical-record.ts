import { z } from 'zod';

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

const MAX_TEXT = 1000;
const text = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim())
  .pipe(z.string().max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`));
const optionalText = z
  .union([text, z.null()])
  .optional()
  .transform((value) => (value === null || value === undefined || value === '' ? undefined : value));
const timestamp = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: `'${value}' is not a date or timestamp` });
      return z.NEVER;
    }
    return date;
  });
const scalar = z.union([z.string().max(MAX_TEXT), z.number(), z.boolean(), z.null()]);

const eventSchema = z.object({
  id: optionalText,
  type: z.enum(EVENT_TYPES, { message: `must be one of ${EVENT_TYPES.join(', ')}` }),
  occurred_at: timestamp,
  amount: z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a number')]).optional().transform((v) => (v === undefined ? undefined : Number(v))),
  properties: z.record(z.string(), z.unknown()).optional(),
});

const recordSchema = z
  .object({
    external_id: text.pipe(z.string().min(1, 'is required')),
    customer_external_id: optionalText,
    ...Object.fromEntries(TRAIT_FIELDS.map((field) => [field, optionalText])),
    date_of_birth: optionalText.refine((value) => value === undefined || /^\d{4}-\d{2}-\d{2}$/.test(value), 'must be YYYY-MM-DD'),
    traits: z.record(z.string().min(1).max(100), scalar).optional(),
    events: z.array(eventSchema).max(1000, 'at most 1000 events per record').optional(),
    updated_at: timestamp.optional(),
  })
  .strict();

export type CanonicalEvent = z.output<typeof eventSchema>;

export interface CanonicalRecord {
  externalId: string;
  fields: Partial<Record<Exclude<CanonicalField, 'external_id'>, string>>;
  traits: Record<string, string | number | boolean | null>;
  events: CanonicalEvent[];
  updatedAt?: Date;
}

export type ParseResult = { ok: true; record: CanonicalRecord } | { ok: false; reason: string };

/** Validates one raw record; the reason names the field and what is wrong with it. */
export function parseCanonicalRecord(raw: unknown): ParseResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: 'record must be a JSON object' };
  }
  const externalId = (raw as Record<string, unknown>).external_id;
  if (externalId === undefined || externalId === null || externalId === '') return { ok: false, reason: 'external_id: is required' };
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === 'unrecognized_keys') {
      return { ok: false, reason: `unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}; canonical fields are ${CANONICAL_FIELDS.join(', ')}, plus traits, events, updated_at` };
    }
    const where = issue.path.length > 0 ? issue.path.join('.') : 'record';
    return { ok: false, reason: `${where}: ${issue.message}` };
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
    },
  };
}
