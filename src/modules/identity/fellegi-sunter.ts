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

/** Sum of the weights of a comparison vector (in FIELD_COMPARISONS order); missing fields add nothing. */
export function matchWeight(levels: ArrayLike<number>, weights: number[][]): number {
  let total = 0;
  for (let i = 0; i < levels.length; i++) if (levels[i] !== MISSING) total += weights[i][levels[i]];
  return total + streetOfOtherHouse(levels, weights);
}

const STREET = FIELD_COMPARISONS.findIndex((comparison) => comparison.field === 'street');
const STREET_NUMBER = FIELD_COMPARISONS.findIndex((comparison) => comparison.field === 'street_number');
const STREET_DIFFERENT = 3;
const HOUSE_DIFFERENT = 2;

/**
 * What a pair's weight changes by when its records name one street and two house numbers: the street counts
 * as different. 中山路613号 and 中山路220号 are two addresses, and namesakes a few doors apart would otherwise
 * agree on a street as one person's two records do. Done on the weights, not the levels: estimated apart, a
 * street's agreement and a house number's keep what each says when the other is missing.
 */
export function streetOfOtherHouse(levels: ArrayLike<number>, weights: readonly (readonly number[])[]): number {
  return otherHouse(levels[STREET], levels[STREET_NUMBER], weights);
}

function otherHouse(street: number, houseNumber: number, weights: readonly (readonly number[])[]): number {
  if (houseNumber !== HOUSE_DIFFERENT || street === MISSING || street === STREET_DIFFERENT) return 0;
  return weights[STREET][STREET_DIFFERENT] - weights[STREET][street];
}

/** The weight of two records: matchWeight of their comparison vector (pairWeightReaching is the one scoring runs). */
export function pairWeight(a: NormalizedRecord, b: NormalizedRecord, weights: number[][], comparisons: readonly FieldComparison[] = FIELD_COMPARISONS): number {
  const levels = new Int8Array(comparisons.length);
  for (let i = 0; i < comparisons.length; i++) levels[i] = comparisons[i].compare(a, b);
  return matchWeight(levels, weights);
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
  let [street, houseNumber] = [MISSING, MISSING];
  for (let k = 0; k < bound.order.length; k++) {
    if (total + bound.remainingMax[k] < floor) return -Infinity;
    const field = bound.order[k];
    const level = comparisons[field].compare(a, b);
    if (level !== MISSING) total += weights[field][level];
    if (field === STREET) street = level;
    else if (field === STREET_NUMBER) houseNumber = level;
  }
  // Only ever lowers the sum, so the bounds above stay bounds.
  return total + otherHouse(street, houseNumber, weights);
}

/** P(match | comparison vector): the prior odds times 2^weight, as a probability. */
export function matchProbability(weight: number, prior: number): number {
  const logOdds = Math.log2(prior / (1 - prior)) + weight;
  return 1 / (1 + 2 ** -logOdds);
}

export type MatchDecision = 'link' | 'review' | 'apart';

/** Above the upper threshold records link, between the two they go to review, below they stay apart. */
export function decide(probability: number, thresholds: { link: number; review: number }): MatchDecision {
  if (probability >= thresholds.link) return 'link';
  return probability >= thresholds.review ? 'review' : 'apart';
}
