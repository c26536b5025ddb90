import type { Resolution, ResolvedLink } from './engine';
import type { ResolutionRecord } from './resolution-record';

export const PROFILE_ASSIGNMENT_HEADER = ['record_id', 'profile_id'] as const;
export const EXPLAINED_PAIR_HEADER = ['left_record_id', 'right_record_id', 'decision', 'rule', 'probability', 'evidence'] as const;

/**
 * `record_id,profile_id` for every record, in input order. A profile is named `p-` + its smallest record_id
 * (plain string order): the same records grouped the same way get the same name whatever the row order.
 */
export function* profileAssignmentRows(records: readonly ResolutionRecord[], resolution: Resolution): Generator<string[]> {
  const names = resolution.profiles.map((profile) => `p-${profile.reduce((smallest, id) => (id < smallest ? id : smallest))}`);
  for (let record = 0; record < records.length; record++) yield [records[record].id, names[resolution.profileOfRecord[record]]];
}

/**
 * One row per applied link (`link`) and per pair left for a person (`review`). `rule` is `score`, or
 * `identifier:<type>` for an equal identifier that links whatever the score; `probability` is always the
 * fields' match probability; `evidence` is `field:agreement:weight` for every field both records carry.
 */
export function* explainedPairRows(resolution: Resolution): Generator<string[]> {
  const row = (link: ResolvedLink, decision: 'link' | 'review') => {
    const explanation = resolution.explain(link.left, link.right);
    const evidence = explanation.fields
      .filter((field) => field.agreement !== 'missing')
      .map((field) => `${field.field}:${field.agreement}:${field.weight.toFixed(2)}`)
      .join(';');
    const rule = link.identityType ? `${link.rule}:${link.identityType}` : link.rule;
    return [link.left, link.right, decision, rule, formatProbability(explanation.probability), evidence];
  };
  for (const link of resolution.links) yield row(link, 'link');
  for (const link of resolution.reviews) yield row(link, 'review');
}

/** Six decimals, without trailing zeros: 0.999999 stays distinguishable from 1. */
function formatProbability(probability: number): string {
  return String(Number(probability.toFixed(6)));
}
