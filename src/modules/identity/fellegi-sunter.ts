import { FIELD_COMPARISONS, MISSING, type FieldComparison } from './field-comparisons';
import type { NormalizedRecord } from './normalized-record';

/**
 * Per level of one field: m = P(level | the records match), u = P(level | they do not).
 * Both arrays sum to 1 over the field's levels.
 */
export interface LevelProbabilities {
  m: number[];
  u: number[];
}

/** A Fellegi-Sunter model: per-field level probabilities and the share of matches among candidate pairs. */
export interface ModelParameters {
  /** P(match) for a candidate pair before looking at its fields. */
  prior: number;
  fields: Record<string, LevelProbabilities>;
}

/** log2(m/u) per field and level, in the order of `fieldNames`: the evidence one agreement level adds. */
export function levelWeights(model: ModelParameters, fieldNames: readonly string[]): number[][] {
  return fieldNames.map((name) => {
    const probabilities = model.fields[name];
    if (!probabilities) throw new Error(`model has no parameters for field '${name}'`);
    return probabilities.m.map((m, level) => Math.log2(m / probabilities.u[level]));
  });
}

/** Sum of the weights of a comparison vector; missing fields add nothing. */
export function matchWeight(levels: ArrayLike<number>, weights: number[][]): number {
  let total = 0;
  for (let i = 0; i < levels.length; i++) if (levels[i] !== MISSING) total += weights[i][levels[i]];
  return total;
}

/**
 * matchWeight(compareRecords(a, b), weights) without the comparison vector: what scoring tens of thousands
 * of candidate pairs per batch runs, allocation-free.
 */
export function pairWeight(a: NormalizedRecord, b: NormalizedRecord, weights: number[][], comparisons: readonly FieldComparison[] = FIELD_COMPARISONS): number {
  let total = 0;
  for (let i = 0; i < comparisons.length; i++) {
    const level = comparisons[i].compare(a, b);
    if (level !== MISSING) total += weights[i][level];
  }
  return total;
}

/** P(match | comparison vector): the prior odds times 2^weight, as a probability. */
export function matchProbability(weight: number, prior: number): number {
  const logOdds = Math.log2(prior / (1 - prior)) + weight;
  return 1 / (1 + 2 ** -logOdds);
}

export type MatchDecision = 'link' | 'review' | 'apart';

/**
 * Above the upper threshold records link, between the two they go to review, below they stay apart. A pair
 * whose comparison the score may not link (`scoreMayLink`, household-rule.ts) goes to review at most.
 */
export function decide(probability: number, thresholds: { link: number; review: number }, scoreMayLink = true): MatchDecision {
  if (probability >= thresholds.link && scoreMayLink) return 'link';
  return probability >= thresholds.review ? 'review' : 'apart';
}
