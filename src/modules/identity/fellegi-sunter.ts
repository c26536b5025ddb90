import { FIELD_COMPARISONS, MISSING, type FieldComparison } from './field-comparisons';
import type { ModelParameters } from './model-parameters';
import type { NormalizedRecord } from './normalized-record';

/**
 * Per level of one field: m = P(level | the records match), u = P(level | they do not).
 * Both arrays sum to 1 over the field's levels.
 */
export type { LevelProbabilities, ModelParameters } from './model-parameters';

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

/**
 * An order to compare fields in when most pairs fall short of a floor, and per position of that order the
 * most the fields still to come can add: the fields whose disagreement weighs most against a match come first.
 */
export interface WeightBound {
  order: Int32Array;
  /** remainingMax[k]: the largest weight fields order[k..] can add together (missing adds 0). */
  remainingMax: Float64Array;
}

export function weightBound(weights: number[][]): WeightBound {
  const order = Int32Array.from(weights.keys()).sort((a, b) => Math.min(...weights[a]) - Math.min(...weights[b]));
  const remainingMax = new Float64Array(order.length + 1);
  for (let k = order.length - 1; k >= 0; k--) remainingMax[k] = remainingMax[k + 1] + Math.max(0, ...weights[order[k]]);
  return { order, remainingMax };
}

/**
 * pairWeight(a, b, weights) when it is at least `floor`; otherwise a number below `floor` (-Infinity as soon as
 * the fields left cannot lift the sum to it). Namesakes sharing a name key disagree on their e-mail and phone,
 * and stop there: the name comparisons, the dearest, are never run for them.
 */
export function pairWeightReaching(
  a: NormalizedRecord,
  b: NormalizedRecord,
  weights: number[][],
  floor: number,
  bound: WeightBound,
  comparisons: readonly FieldComparison[] = FIELD_COMPARISONS,
): number {
  let total = 0;
  for (let k = 0; k < bound.order.length; k++) {
    if (total + bound.remainingMax[k] < floor) return -Infinity;
    const field = bound.order[k];
    const level = comparisons[field].compare(a, b);
    if (level !== MISSING) total += weights[field][level];
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
