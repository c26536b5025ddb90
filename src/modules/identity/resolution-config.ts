import type { CountryCode } from 'libphonenumber-js';
import type { ModelParameters } from './model-parameters';
import { DEFAULT_IDENTITY_RULES, type IdentityRules } from './identity-rules';
import type { DateOrder } from './normalize/date';
import { DEFAULT_EMAIL_PROVIDERS, type EmailProviderRule } from '../../../connectors/sdk/records';
import { DEFAULT_PLACEHOLDERS, type PlaceholderValues } from './placeholder-values';

/** Everything that steers one resolution run; `DEFAULT_RESOLUTION_CONFIG` is what `hub resolve` uses. */
export interface ResolutionConfig {
  /** Region for phone numbers written without a country code. */
  defaultRegion: CountryCode;
  dateOrder: DateOrder;
  emailProviders: readonly EmailProviderRule[];
  placeholders: PlaceholderValues;
  identityRules: IdentityRules;
  /** Sources that are the same WeChat app (their openids compare); every other source is its own app. */
  wechatAppOfSource: Record<string, string>;
  /**
   * A blocking key shared by more records than this is skipped (and reported): such a key says little
   * (a placeholder, the most common surname) and a block of n records costs n(n-1)/2 comparisons. With
   * K keys per record the cap bounds the work at N·K·(cap-1)/2 pairs, linear in N.
   */
  maxBlockSize: number;
  /** `estimate`: m/u from the candidate pairs themselves by EM; otherwise the given parameters. */
  model: { kind: 'estimate'; maxIterations: number; randomPairs: number } | { kind: 'configured'; parameters: ModelParameters };
  /** On the match probability: at or above `link` records link, from `review` up they are queued for review. */
  thresholds: { link: number; review: number };
}

export const DEFAULT_RESOLUTION_CONFIG: ResolutionConfig = {
  defaultRegion: 'CN',
  dateOrder: 'dmy',
  emailProviders: DEFAULT_EMAIL_PROVIDERS,
  placeholders: DEFAULT_PLACEHOLDERS,
  identityRules: DEFAULT_IDENTITY_RULES,
  wechatAppOfSource: {},
  maxBlockSize: 100,
  model: { kind: 'estimate', maxIterations: 500, randomPairs: 20_000 },
  // Round odds fixed before any evaluation: 19:1 for an automatic link, 1:1 for a human look.
  thresholds: { link: 0.95, review: 0.5 },
};

export function resolutionConfig(overrides: Partial<ResolutionConfig> = {}): ResolutionConfig {
  return { ...DEFAULT_RESOLUTION_CONFIG, ...overrides };
}
