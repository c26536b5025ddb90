import { isCorroborated } from './corroboration';
import { decide, levelWeights, matchProbability, streetOfOtherHouse, type MatchDecision, type ModelParameters } from './fellegi-sunter';
import { FIELD_COMPARISONS, MISSING, compareRecords, type FieldComparison } from './field-comparisons';
import type { IdentityType } from '../../../connectors/sdk/records';
import { normalizeRecord, type NormalizedRecord } from './normalized-record';
import { conflictBetween, evidenceOf, type Conflict } from './person-conflicts';
import { GENERIC_PEOPLE, sharedValuePenalty } from './value-holders';
import type { ResolutionConfig } from './resolution-config';
import type { ResolutionRecord } from './resolution-record';

/** How two records compare on one field, and what that is worth. */
export interface FieldEvidence {
  field: string;
  /** Normalized values, as compared. */
  left?: string;
  right?: string;
  /**
   * Agreement level name (`exact`, `typo`, …) or `missing` when either side has no value. A street both records
   * name with two different house numbers is `different`: two addresses.
   */
  agreement: string;
  /**
   * log2(m/u): positive for evidence of a match, negative against; 0 when missing. For an identifier both
   * records hold that several people share, the shared-value adjustment is included.
   */
  weight: number;
  /** For an identifier both hold: how many people hold that value, and what that takes off the weight (-log2 of it; 0 for one person). */
  sharedBy?: { people: number; adjustment: number };
}

export interface MatchExplanation {
  fields: FieldEvidence[];
  /** Sum of the field weights. */
  weight: number;
  /** P(match) from the weight and the model's prior. */
  probability: number;
  /**
   * `link` also when an identifier that links on equality is shared by one person only, whatever the score;
   * `apart` whenever the records conflict, whatever they share.
   */
  decision: MatchDecision;
  /** Identifiers both records carry, by type (values as compared), with how many people hold each. */
  sharedIdentifiers: { type: IdentityType; value: string; people: number }[];
  /** Evidence that the two are two people (different given names, dates of birth, national ids or genders). */
  conflict: Conflict | null;
}

/** How many people hold an identifier value where the two records were compared (a store, a file); 0 or 1: one. */
export type PeopleOfValue = (type: IdentityType, value: string) => number;

/** Per-field evidence, total score and decision for two records under a model. */
export function explainMatch(a: ResolutionRecord, b: ResolutionRecord, model: ModelParameters, config: ResolutionConfig, peopleOf: PeopleOfValue = () => 1): MatchExplanation {
  return explainNormalized(normalizeRecord(a, config), normalizeRecord(b, config), model, config, peopleOf);
}

export function explainNormalized(
  a: NormalizedRecord,
  b: NormalizedRecord,
  model: ModelParameters,
  config: ResolutionConfig,
  peopleOf: PeopleOfValue = () => 1,
  comparisons: readonly FieldComparison[] = FIELD_COMPARISONS,
): MatchExplanation {
  const levels = compareRecords(a, b, comparisons);
  const weights = levelWeights(model, comparisons.map((comparison) => comparison.field));
  const sharedIdentifiers = b.identifiers
    .filter((theirs) => a.identifiers.some((ours) => ours.type === theirs.type && ours.value === theirs.value))
    .map(({ type, value }) => ({ type, value, people: Math.max(1, peopleOf(type, value)) }));
  const otherHouse = streetOfOtherHouse(levels, weights);
  const fields = comparisons.map((comparison, f): FieldEvidence => {
    const evidence: FieldEvidence = {
      field: comparison.field,
      left: comparison.valueOf(a),
      right: comparison.valueOf(b),
      agreement: levels[f] === MISSING ? 'missing' : comparison.levels[levels[f]],
      weight: levels[f] === MISSING ? 0 : weights[f][levels[f]],
    };
    // One street, two house numbers: two addresses (streetOfOtherHouse).
    if (comparison.field === 'street' && otherHouse !== 0) [evidence.agreement, evidence.weight] = ['different', evidence.weight + otherHouse];
    const shared = levels[f] === 0 ? sharedIdentifiers.find((identifier) => identifier.type === comparison.field) : undefined;
    if (shared) {
      const adjustment = shared.people >= 2 ? -sharedValuePenalty(shared.people, weights[f][0]) : 0;
      evidence.sharedBy = { people: shared.people, adjustment };
      evidence.weight += adjustment;
    }
    return evidence;
  });
  const weight = fields.reduce((total, field) => total + field.weight, 0);
  const probability = matchProbability(weight, model.prior);
  const [evidenceA, evidenceB] = [evidenceOf(a), evidenceOf(b)];
  const conflict = (evidenceA && evidenceB && conflictBetween(evidenceA, evidenceB)) || null;
  const linkedByIdentifier = sharedIdentifiers.some((identifier) => config.identityRules[identifier.type].linkOn === 'equal' && identifier.people < GENERIC_PEOPLE);
  const scored = decide(probability, config.thresholds);
  const decision: MatchDecision = conflict ? 'apart' : linkedByIdentifier ? 'link' : scored === 'review' && !isCorroborated(levels, weights) ? 'apart' : scored;
  return { fields, weight, probability, decision, sharedIdentifiers, conflict };
}
