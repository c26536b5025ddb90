import { MISSING } from './field-comparisons';
import type { LevelProbabilities, ModelParameters } from './fellegi-sunter';
import type { PatternTable } from './comparison-patterns';

export interface EstimationResult {
  model: ModelParameters;
  iterations: number;
  converged: boolean;
  /** Fields whose estimate came out inverted (agreement likelier among non-matches) and were kept at their start values. */
  keptAtStart: string[];
}

// Weight of the start values against the data: enough to steady a field that is almost always missing.
const PSEUDO_PAIRS = 1;
const TOLERANCE = 1e-6;

/**
 * Expectation-maximisation of m, u and the prior over the candidate pairs (conditional independence of the
 * fields), unsupervised: the pairs' own comparison vectors are all it reads.
 */
export function estimateModel(table: PatternTable, fieldNames: readonly string[], start: ModelParameters, maxIterations: number): EstimationResult {
  let model = start;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    const next = maximise(table, fieldNames, expectMatch(table, fieldNames, model), start);
    converged = largestChange(model, next, fieldNames) < TOLERANCE;
    model = next;
    iterations++;
  }
  const keptAtStart = fieldNames.filter((name) => model.fields[name].m[0] < model.fields[name].u[0]);
  for (const name of keptAtStart) model.fields[name] = start.fields[name];
  return { model, iterations, converged, keptAtStart };
}

/** E-step: P(match) of every pattern under the current model. */
function expectMatch(table: PatternTable, fieldNames: readonly string[], model: ModelParameters): Float64Array {
  // Logarithms per field and level once, not per pattern: tens of thousands of patterns share them.
  const logM = fieldNames.map((name) => model.fields[name].m.map(Math.log));
  const logU = fieldNames.map((name) => model.fields[name].u.map(Math.log));
  const matchShare = new Float64Array(table.patterns.length);
  table.patterns.forEach((levels, p) => {
    let logMatch = Math.log(model.prior);
    let logNonMatch = Math.log(1 - model.prior);
    for (let f = 0; f < levels.length; f++) {
      if (levels[f] === MISSING) continue;
      logMatch += logM[f][levels[f]];
      logNonMatch += logU[f][levels[f]];
    }
    matchShare[p] = 1 / (1 + Math.exp(logNonMatch - logMatch));
  });
  return matchShare;
}

/** M-step: expected level frequencies among matches and non-matches, steadied by the start values, u not below chance. */
function maximise(table: PatternTable, fieldNames: readonly string[], matchShare: Float64Array, start: ModelParameters): ModelParameters {
  let matches = 0;
  let total = 0;
  const tallies = fieldNames.map((name) => ({
    m: start.fields[name].m.map((p) => p * PSEUDO_PAIRS),
    u: start.fields[name].u.map((p) => p * PSEUDO_PAIRS),
  }));
  table.patterns.forEach((levels, p) => {
    const count = table.counts[p];
    const asMatch = count * matchShare[p];
    matches += asMatch;
    total += count;
    for (let f = 0; f < levels.length; f++) {
      if (levels[f] === MISSING) continue;
      tallies[f].m[levels[f]] += asMatch;
      tallies[f].u[levels[f]] += count - asMatch;
    }
  });
  const fields: Record<string, LevelProbabilities> = {};
  fieldNames.forEach((name, f) => (fields[name] = { m: normalise(tallies[f].m), u: notBelowChance(normalise(tallies[f].u), start.fields[name].u) }));
  const prior = Math.min(Math.max(matches / total, 1e-6), 1 - 1e-6);
  return { prior, fields };
}

/**
 * u of each agreeing level at least its frequency among random pairs (the start values: chance agreement).
 * EM's non-match class is the candidate pairs that are not one person; where most candidates are (a file of
 * ten records a person) that class is small and odd, agreeing on a postcode looks far rarer in it than among
 * strangers at large, and the postcode would weigh as much as an identifier.
 */
function notBelowChance(estimated: number[], chance: number[]): number[] {
  const agreeing = estimated.slice(0, -1).map((u, level) => Math.max(u, chance[level]));
  const rest = 1 - agreeing.reduce((sum, u) => sum + u, 0);
  // What the raised levels took comes off the last level, "different" (chance leaves it the most by far).
  return rest > 0 ? [...agreeing, rest] : estimated;
}

function normalise(values: number[]): number[] {
  const sum = values.reduce((a, b) => a + b, 0);
  return values.map((value) => value / sum);
}

function largestChange(before: ModelParameters, after: ModelParameters, fieldNames: readonly string[]): number {
  let largest = Math.abs(before.prior - after.prior);
  for (const name of fieldNames) {
    const [a, b] = [before.fields[name], after.fields[name]];
    a.m.forEach((m, level) => (largest = Math.max(largest, Math.abs(m - b.m[level]), Math.abs(a.u[level] - b.u[level]))));
  }
  return largest;
}
