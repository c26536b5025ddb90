import { z } from 'zod';
import { ownValue } from '../../platform/own-keys';

/**
 * Survivorship: which of the values a profile's records offer for a trait becomes the profile's value.
 * A rule per trait key, a default for the rest. Pure: profile derivation applies it to candidates.
 */
export const SURVIVORSHIP_RULES = ['most_recent', 'most_frequent', 'longest', 'source_priority'] as const;
export type SurvivorshipRuleName = (typeof SURVIVORSHIP_RULES)[number];

export type TraitRule = { rule: Exclude<SurvivorshipRuleName, 'source_priority'> } | { rule: 'source_priority'; sources: string[] };

export interface SurvivorshipRules {
  default: TraitRule;
  traits: Record<string, TraitRule>;
}

export const DEFAULT_SURVIVORSHIP: SurvivorshipRules = { default: { rule: 'most_recent' }, traits: {} };

/** One value a record offers for a trait, with where and when it was seen. */
export interface TraitCandidate {
  value: string | number | boolean;
  source: string;
  sourceRecordId: string;
  observedAt: Date;
}

const RULE_LIST = SURVIVORSHIP_RULES.join(', ');

// One parser with its own messages: a union would only say "Invalid input" for `"oldest"`.
const traitRule = z.unknown().transform((input, ctx): TraitRule => {
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  const spec = typeof input === 'string' ? { rule: input } : input;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return fail(`must be a rule name (${RULE_LIST}) or { "rule": ..., "sources": [...] }`);
  const { rule, sources, ...rest } = spec as { rule?: unknown; sources?: unknown };
  if (Object.keys(rest).length > 0) return fail(`unknown key(s) ${Object.keys(rest).join(', ')}; a rule has "rule" and, for source_priority, "sources"`);
  if (!(SURVIVORSHIP_RULES as readonly unknown[]).includes(rule)) return fail(`'${String(rule)}' is not a survivorship rule; use one of ${RULE_LIST}`);
  if (rule !== 'source_priority') return sources === undefined ? { rule: rule as Exclude<SurvivorshipRuleName, 'source_priority'> } : fail(`"sources" only applies to source_priority`);
  if (!Array.isArray(sources) || sources.length === 0 || !sources.every((source) => typeof source === 'string' && source !== '')) {
    return fail('source_priority needs "sources": a non-empty list of source names, highest priority first');
  }
  return { rule, sources };
});

/** The configuration shape: `{ "default": "most_recent", "traits": { "email": { "rule": "source_priority", "sources": ["crm", "shop"] } } }`. */
export const survivorshipSchema = z
  .object({
    default: traitRule.optional(),
    traits: z.record(z.string().min(1), traitRule).optional(),
  })
  .strict()
  .transform((input): SurvivorshipRules => ({ default: input.default ?? DEFAULT_SURVIVORSHIP.default, traits: input.traits ?? {} }));

export function ruleFor(rules: SurvivorshipRules, key: string): TraitRule {
  return ownValue(rules.traits, key) ?? rules.default;
}

/** The winning candidate under the rule; ties (and every rule's last word) go to the most recent. */
export function chooseCandidate(candidates: readonly TraitCandidate[], rule: TraitRule): TraitCandidate {
  const newestFirst = [...candidates].sort(byRecencyDescending);
  switch (rule.rule) {
    case 'most_recent':
      return newestFirst[0];
    case 'longest':
      return bestBy(newestFirst, (candidate) => String(candidate.value).length);
    case 'source_priority': {
      const rank = (candidate: TraitCandidate) => {
        const position = rule.sources.indexOf(candidate.source);
        return -(position < 0 ? rule.sources.length : position);
      };
      return bestBy(newestFirst, rank);
    }
    case 'most_frequent': {
      const counts = new Map<string, number>();
      for (const candidate of candidates) counts.set(valueKey(candidate.value), (counts.get(valueKey(candidate.value)) ?? 0) + 1);
      return bestBy(newestFirst, (candidate) => counts.get(valueKey(candidate.value))!);
    }
  }
}

/** The first candidate with the highest score: with the list newest first, ties go to the most recent. */
function bestBy(newestFirst: TraitCandidate[], score: (candidate: TraitCandidate) => number): TraitCandidate {
  let best = newestFirst[0];
  let bestScore = score(best);
  for (const candidate of newestFirst.slice(1)) {
    const candidateScore = score(candidate);
    if (candidateScore > bestScore) [best, bestScore] = [candidate, candidateScore];
  }
  return best;
}

export function byRecencyDescending(a: TraitCandidate, b: TraitCandidate): number {
  return b.observedAt.getTime() - a.observedAt.getTime() || b.sourceRecordId.localeCompare(a.sourceRecordId);
}

function valueKey(value: TraitCandidate['value']): string {
  return `${typeof value}:${String(value)}`;
}
