import { FIELD_COMPARISONS, MISSING, type FieldComparison } from './field-comparisons';
import type { LevelProbabilities, ModelParameters } from './fellegi-sunter';
import type { RowComparer } from './row-comparison';

// Where EM starts for m: matches mostly agree exactly, and less often at each weaker level.
const START_M: Record<number, number[]> = {
  2: [0.9, 0.1],
  3: [0.85, 0.1, 0.05],
  4: [0.8, 0.1, 0.05, 0.05],
};
const START_PRIOR = 0.1;
const GOLDEN = (Math.sqrt(5) - 1) / 2;
const SQRT2 = Math.SQRT2 - 1;

/**
 * Start values for EM: u is measured on random record pairs (almost all non-matches, so their level
 * frequencies are what chance agreement looks like); m is a generic guess that EM corrects.
 */
export function startParameters(comparer: RowComparer, recordCount: number, randomPairs: number, comparisons: readonly FieldComparison[] = FIELD_COMPARISONS): ModelParameters {
  const levels = new Int8Array(comparisons.length);
  const tallies = comparisons.map((comparison) => comparison.levels.map(() => 1));
  const n = recordCount;
  for (let drawn = 1; drawn <= randomPairs && n > 1; drawn++) {
    // Two Weyl sequences spread the pairs evenly over the input, whatever its order, and the same
    // records always give the same start (and so the same model).
    const i = Math.floor(fraction(drawn * GOLDEN) * n);
    const j = (i + 1 + Math.floor(fraction(drawn * SQRT2) * (n - 1))) % n;
    comparer.compare(i, j, levels);
    levels.forEach((level, f) => level !== MISSING && tallies[f][level]++);
  }
  const fields: Record<string, LevelProbabilities> = {};
  comparisons.forEach((comparison, f) => {
    const total = tallies[f].reduce((a, b) => a + b, 0);
    fields[comparison.field] = { m: startM(comparison.levels.length), u: tallies[f].map((count) => count / total) };
  });
  return { prior: START_PRIOR, fields };
}

function startM(levelCount: number): number[] {
  const known = START_M[levelCount];
  if (known) return known;
  const weights = Array.from({ length: levelCount }, (_, level) => 2 ** -level);
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((weight) => weight / sum);
}

function fraction(value: number): number {
  return value - Math.floor(value);
}
