import { z } from 'zod';
import type { ModelParameters } from './fellegi-sunter';
import { FIELD_COMPARISONS } from './field-comparisons';
import { type IdentityRules } from './identity-rules';
import { IDENTITY_TYPES, type EmailProviderRule } from '../../../connectors/sdk/records';
import type { PlaceholderValues } from './placeholder-values';
import type { ResolutionConfig } from './resolution-config';

/**
 * The part of resolution a data team may change (HUB_IDENTITY_RULES, previewIdentityRules): thresholds,
 * per-identifier rules, the block cap, WeChat apps and the start model. Everything else is the engine's.
 */
export interface IdentitySettings {
  thresholds?: { link: number; review: number };
  identityRules?: Partial<Record<(typeof IDENTITY_TYPES)[number], Partial<{ priority: number; linkOn: 'equal' | 'score'; maxPerProfile: number | null; maxPerSource: number | null }>>>;
  maxBlockSize?: number;
  wechatAppOfSource?: Record<string, string>;
  /** The model used until one is estimated from the store (and in place of the built-in start model). */
  startModel?: ModelParameters;
  /** Mail providers' own mailbox rules (a company domain that ignores dots); ahead of the built-in ones for their domains. */
  emailProviders?: EmailProviderRule[];
  /** Values typed when the customer gave none, added to the built-in lists: never identifiers, never evidence. */
  placeholders?: Partial<PlaceholderValues>;
}

const probability = z.number().gt(0, 'must be above 0').lte(1, 'must be at most 1');
const limit = z.number().int().min(1, 'must be 1 or more (null removes the limit)').nullable();

const identityTypeRule = z
  .object({ priority: z.number().int(), linkOn: z.enum(['equal', 'score']), maxPerProfile: limit, maxPerSource: limit })
  .partial()
  .strict();

const levelProbabilities = z.array(z.number().gt(0, 'probabilities must be above 0').lt(1, 'probabilities must be below 1'));

const startModel = z
  .object({ prior: z.number().gt(0).lt(1), fields: z.record(z.string(), z.object({ m: levelProbabilities, u: levelProbabilities }).strict()) })
  .strict()
  .superRefine((model, ctx) => {
    for (const comparison of FIELD_COMPARISONS) {
      const field = model.fields[comparison.field];
      const path = ['fields', comparison.field];
      if (!field) {
        ctx.addIssue({ code: 'custom', path, message: `is missing; the model needs m and u for every field (${FIELD_COMPARISONS.map((c) => c.field).join(', ')})` });
        continue;
      }
      for (const side of ['m', 'u'] as const) {
        const values = field[side];
        if (values.length !== comparison.levels.length) {
          ctx.addIssue({ code: 'custom', path: [...path, side], message: `needs ${comparison.levels.length} values, one per level (${comparison.levels.join(', ')})` });
        } else if (Math.abs(values.reduce((a, b) => a + b, 0) - 1) > 1e-6) {
          ctx.addIssue({ code: 'custom', path: [...path, side], message: 'must sum to 1' });
        }
      }
    }
    const unknown = Object.keys(model.fields).filter((name) => !FIELD_COMPARISONS.some((comparison) => comparison.field === name));
    if (unknown.length > 0) ctx.addIssue({ code: 'custom', path: ['fields'], message: `unknown field(s) ${unknown.join(', ')}` });
  });

const domain = z
  .string()
  .min(1)
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9.-]+$/, 'must be a domain name such as mail.example.cn'));

const emailProvider = z
  .object({
    domains: z.array(domain).min(1, 'must list at least one domain'),
    canonicalDomain: domain.optional(),
    ignoreDots: z.boolean().optional(),
    tagSeparator: z.string().length(1, 'must be one character, such as + or -').optional(),
  })
  .strict();

const placeholders = z
  .object({
    phones: z.array(z.string().regex(/^\+?\d{5,15}$/, 'must be digits, optionally E.164 with +')).optional(),
    emailDomains: z.array(domain).optional(),
    emailMailboxes: z.array(z.string().min(1).transform((value) => value.trim().toLowerCase())).optional(),
  })
  .strict();

export const identitySettingsSchema = z
  .object({
    thresholds: z
      .object({ link: probability, review: probability })
      .strict()
      .refine((thresholds) => thresholds.review <= thresholds.link, { message: 'review must not be above link', path: ['review'] })
      .optional(),
    identityRules: z.partialRecord(z.enum(IDENTITY_TYPES), identityTypeRule).optional(),
    maxBlockSize: z.number().int().min(2, 'must be at least 2').max(100_000, 'must be at most 100000').optional(),
    wechatAppOfSource: z.record(z.string(), z.string().min(1)).optional(),
    startModel: startModel.optional(),
    emailProviders: z.array(emailProvider).optional(),
    placeholders: placeholders.optional(),
  })
  .strict();

/** Validates settings; the message names the offending path, e.g. `thresholds.review: review must not be above link`. */
export function parseIdentitySettings(input: unknown): { ok: true; settings: IdentitySettings } | { ok: false; message: string } {
  const parsed = identitySettingsSchema.safeParse(input);
  if (parsed.success) return { ok: true, settings: parsed.data as IdentitySettings };
  const issue = parsed.error.issues[0];
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  const known = issue.code !== 'unrecognized_keys' ? '' : issue.path.length === 0 ? `; known keys are ${Object.keys(identitySettingsSchema.shape).join(', ')}` : issue.path[0] === 'identityRules' && issue.path.length === 1 ? `; identifier types are ${IDENTITY_TYPES.join(', ')}` : '';
  return { ok: false, message: `${where}${issue.message}${known}` };
}

/** Later settings win key by key; identity rules merge per identifier type. */
export function combineSettings(base: IdentitySettings, override: IdentitySettings): IdentitySettings {
  const identityRules = { ...base.identityRules };
  for (const [type, rule] of Object.entries(override.identityRules ?? {})) identityRules[type as keyof typeof identityRules] = { ...identityRules[type as keyof typeof identityRules], ...rule };
  return { ...base, ...override, identityRules };
}

/** The engine configuration these settings give, over `base`; the model is `model` (configured). */
export function applySettings(base: ResolutionConfig, settings: IdentitySettings, model: ModelParameters): ResolutionConfig {
  const identityRules: IdentityRules = { ...base.identityRules };
  for (const [type, rule] of Object.entries(settings.identityRules ?? {}) as [keyof IdentityRules, NonNullable<IdentitySettings['identityRules']>[keyof IdentityRules]][]) {
    const merged = { ...identityRules[type], ...rule };
    identityRules[type] = {
      priority: merged.priority,
      linkOn: merged.linkOn,
      ...(merged.maxPerProfile != null && { maxPerProfile: merged.maxPerProfile }),
      ...(merged.maxPerSource != null && { maxPerSource: merged.maxPerSource }),
    };
  }
  return {
    ...base,
    thresholds: settings.thresholds ?? base.thresholds,
    maxBlockSize: settings.maxBlockSize ?? base.maxBlockSize,
    wechatAppOfSource: settings.wechatAppOfSource ?? base.wechatAppOfSource,
    // First matching rule wins: the team's rules come first.
    emailProviders: settings.emailProviders ? [...settings.emailProviders, ...base.emailProviders] : base.emailProviders,
    placeholders: settings.placeholders
      ? {
          phones: [...base.placeholders.phones, ...(settings.placeholders.phones ?? [])],
          emailDomains: [...base.placeholders.emailDomains, ...(settings.placeholders.emailDomains ?? [])],
          emailMailboxes: [...base.placeholders.emailMailboxes, ...(settings.placeholders.emailMailboxes ?? [])],
        }
      : base.placeholders,
    identityRules,
    model: { kind: 'configured', parameters: model },
  };
}
