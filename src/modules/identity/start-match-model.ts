import type { LevelProbabilities, ModelParameters } from './fellegi-sunter';
import { FIELD_COMPARISONS } from './field-comparisons';

/**
 * The model incremental resolution uses until one is estimated from the store. EM on a batch of a few
 * records is noise, so a store starts from these hand-set values: m = P(level | same person) and
 * u = P(level | different people) per agreement level, strongest agreement first. They are deliberately
 * conservative for Chinese customer data, where names repeat a lot:
 * - a full name alone, or a name and a city, is at most a review (names repeat; cities hold millions);
 * - a shared phone with the same or a similar name links; a shared phone with a different given name is at
 *   most a review (households and front desks share numbers);
 * - e-mail and phone disagreements count against a match only mildly (people have several of each);
 * - the model adds up fields as if independent, but state, country and a postcode one digit off mostly repeat
 *   what an equal city says: they add almost nothing, or two namesakes of one city would link.
 * Fields or levels these values do not know get a generic guess.
 */
const HAND_SET: Record<string, LevelProbabilities> = {
  given_name: { m: [0.85, 0.07, 0.06, 0.02], u: [0.05, 0.01, 0.04, 0.9] },
  family_name: { m: [0.9, 0.05, 0.03, 0.02], u: [0.1, 0.01, 0.03, 0.86] },
  company: { m: [0.55, 0.15, 0.1, 0.2], u: [0.01, 0.01, 0.05, 0.93] },
  email: { m: [0.65, 0.15, 0.2], u: [0.0001, 0.001, 0.9989] },
  phone: { m: [0.75, 0.1, 0.15], u: [0.003, 0.002, 0.995] },
  date_of_birth: { m: [0.9, 0.05, 0.05], u: [0.0003, 0.003, 0.9967] },
  national_id: { m: [0.95, 0.04, 0.01], u: [0.00001, 0.0001, 0.99989] },
  wechat_unionid: { m: [0.95, 0.05], u: [0.00001, 0.99999] },
  wechat_openid: { m: [0.95, 0.05], u: [0.00001, 0.99999] },
  street: { m: [0.6, 0.15, 0.1, 0.15], u: [0.002, 0.003, 0.02, 0.975] },
  street_number: { m: [0.7, 0.1, 0.2], u: [0.02, 0.01, 0.97] },
  address_line2: { m: [0.6, 0.15, 0.1, 0.15], u: [0.005, 0.005, 0.02, 0.97] },
  city: { m: [0.85, 0.05, 0.03, 0.07], u: [0.2, 0.01, 0.02, 0.77] },
  postcode: { m: [0.75, 0.1, 0.15], u: [0.02, 0.04, 0.94] },
  state: { m: [0.95, 0.05], u: [0.8, 0.2] },
  country: { m: [0.98, 0.02], u: [0.9, 0.1] },
  gender: { m: [0.97, 0.03], u: [0.5, 0.5] },
};

// P(match) for a candidate pair before its fields are looked at: most pairs that share a blocking key are strangers.
const START_PRIOR = 0.02;

export function startMatchModel(): ModelParameters {
  const fields: Record<string, LevelProbabilities> = {};
  for (const { field, levels } of FIELD_COMPARISONS) {
    const known = HAND_SET[field];
    fields[field] = known && known.m.length === levels.length ? known : genericLevels(levels.length);
  }
  return { prior: START_PRIOR, fields };
}

/** Exact agreement strong evidence, each weaker level less, disagreement against. */
function genericLevels(count: number): LevelProbabilities {
  const m = Array.from({ length: count }, (_, level) => (level === count - 1 ? 0.05 : 0.95 * 2 ** -(level + 1)));
  const u = Array.from({ length: count }, (_, level) => (level === count - 1 ? 0.95 : 0.05 * 2 ** -(count - 1 - level)));
  return { m: normalise(m), u: normalise(u) };
}

function normalise(values: number[]): number[] {
  const sum = values.reduce((a, b) => a + b, 0);
  return values.map((value) => value / sum);
}

/** Whether stored parameters still fit the comparisons (a stored model outlives code changes). */
export function fitsComparisons(model: ModelParameters): boolean {
  return FIELD_COMPARISONS.every(({ field, levels }) => model.fields[field]?.m.length === levels.length && model.fields[field]?.u.length === levels.length);
}
