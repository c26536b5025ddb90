import type { PatternTable } from './comparison-patterns';
import type { ModelParameters } from './fellegi-sunter';
import { MISSING } from './field-comparisons';

/**
 * Contact fields whose disagreement must count against a match. Two records of one person mostly share
 * their e-mail or phone; when EM says a different one costs nothing, the class it found is not "same
 * person" but something else the pairs share (a postcode, a company), which happens on files with few
 * or no duplicates. Unsupervised EM has no way to tell; this check does.
 */
const CONTACT_FIELDS = ['email', 'phone', 'national_id'];
// A different contact value must make a match at least this much less likely (log2 m/u).
const MAX_DIFFERENT_WEIGHT = -1;
// Fields compared in fewer candidate pairs than this (or this share of them) say too little to judge: EM on
// a handful of pairs is mostly its start values and pseudo-counts.
const MIN_OBSERVED_PAIRS = 100;
const MIN_OBSERVED_SHARE = 0.01;

/** Why an estimated model cannot be trusted on these pairs, or undefined when it can. */
export function implausibility(model: ModelParameters, table: PatternTable, fieldNames: readonly string[]): string | undefined {
  const totalPairs = table.counts.reduce((sum, count) => sum + count, 0);
  for (const field of CONTACT_FIELDS) {
    const f = fieldNames.indexOf(field);
    const parameters = model.fields[field];
    if (f < 0 || !parameters) continue;
    let observed = 0;
    table.patterns.forEach((levels, pattern) => levels[f] !== MISSING && (observed += table.counts[pattern]));
    if (observed < MIN_OBSERVED_PAIRS || observed < totalPairs * MIN_OBSERVED_SHARE) continue;
    const different = parameters.m.length - 1;
    const weight = Math.log2(parameters.m[different] / parameters.u[different]);
    if (weight > MAX_DIFFERENT_WEIGHT) {
      return `a different ${field} came out as ${weight.toFixed(2)} bits (at most ${MAX_DIFFERENT_WEIGHT} expected): the pairs EM took for matches are not people`;
    }
  }
  return undefined;
}
