import { decide, levelWeights, matchProbability, matchWeight, type MatchDecision, type ModelParameters } from './fellegi-sunter';
import { FIELD_COMPARISONS, MISSING, compareRecords, type FieldComparison } from './field-comparisons';
import { scoreMayLink } from './household-rule';
import type { IdentityType } from '../../../connectors/sdk/records';
import { normalizeRecord, type NormalizedRecord } from './normalized-record';
import type { ResolutionConfig } from './resolution-config';
import type { ResolutionRecord } from './resolution-record';

/** How two records compare on one field, and what that is worth. */
export interface FieldEvidence {
  field: string;
  /** Normalized values, as compared. */
  left?: string;
  right?: string;
  /** Agreement level name (`exact`, `typo`, …) or `missing` when either side has no value. */
  agreement: string;
  /** log2(m/u): positive for evidence of a match, negative against; 0 when missing. */
  weight: number;
}

export interface MatchExplanation {
  fields: FieldEvidence[];
  /** Sum of the field weights. */
  weight: number;
  /** P(match) from the weight and the model's prior. */
  probability: number;
  /** `link` also when an identifier that links on equality is shared, whatever the score. */
  decision: MatchDecision;
  /** Identifiers both records carry, by type (values as compared). */
  sharedIdentifiers: { type: IdentityType; value: string }[];
}

/** Per-field evidence, total score and decision for two records under a model. */
export function explainMatch(a: ResolutionRecord, b: ResolutionRecord, model: ModelParameters, config: ResolutionConfig): MatchExplanation {
  return explainNormalized(normalizeRecord(a, config), normalizeRecord(b, config), model, config);
}

export function explainNormalized(
  a: NormalizedRecord,
  b: NormalizedRecord,
  model: ModelParameters,
  config: ResolutionConfig,
  comparisons: readonly FieldComparison[] = FIELD_COMPARISONS,
): MatchExplanation {
  const levels = compareRecords(a, b, comparisons);
  const weights = levelWeights(model, comparisons.map((comparison) => comparison.field));
  const fields = comparisons.map((comparison, f) => ({
    field: comparison.field,
    left: comparison.valueOf(a),
    right: comparison.valueOf(b),
    agreement: levels[f] === MISSING ? 'missing' : comparison.levels[levels[f]],
    weight: levels[f] === MISSING ? 0 : weights[f][levels[f]],
  }));
  const weight = matchWeight(levels, weights);
  const probability = matchProbability(weight, model.prior);
  const sharedIdentifiers = b.identifiers
    .filter((theirs) => a.identifiers.some((ours) => ours.type === theirs.type && ours.value === theirs.value))
    .map(({ type, value }) => ({ type, value }));
  const linkedByIdentifier = sharedIdentifiers.some((identifier) => config.identityRules[identifier.type].linkOn === 'equal');
  return { fields, weight, probability, decision: linkedByIdentifier ? 'link' : decide(probability, config.thresholds, scoreMayLink(levels)), sharedIdentifiers };
}
