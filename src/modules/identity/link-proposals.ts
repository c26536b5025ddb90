import type { ProposedLink } from './clustering';
import type { CandidatePairs } from './candidate-pairs';
import { decide } from './fellegi-sunter';
import { type IdentityRules } from './identity-rules';
import { IDENTITY_TYPES } from '../../../connectors/sdk/records';
import type { RecordColumns } from './record-columns';

/**
 * One link per record that shares an identifier of a type that links on equality, chained to the first
 * record holding it: k records with one e-mail give k-1 links, not k(k-1)/2.
 */
export function identifierLinks(columns: RecordColumns, rules: IdentityRules): ProposedLink[] {
  const linking = IDENTITY_TYPES.filter((type) => rules[type].linkOn === 'equal');
  const firstHolders = linking.map((type) => new Int32Array(columns.identifiers[type].values.length).fill(-1));
  const links: ProposedLink[] = [];
  for (let record = 0; record < columns.count; record++) {
    linking.forEach((type, t) => {
      const value = columns.identifiers[type].ids[record];
      if (value < 0) return;
      const first = firstHolders[t][value];
      if (first < 0) firstHolders[t][value] = record;
      else links.push({ left: first, right: record, rule: 'identifier', identityType: type });
    });
  }
  return links;
}

/**
 * Candidate pairs at or above the link threshold become links, unless their score may not link them
 * (household-rule.ts); those between the thresholds, and those, review candidates.
 */
export function scoredLinks(
  pairs: CandidatePairs,
  probabilityOfPair: (pair: number) => number,
  thresholds: { link: number; review: number },
  mayLinkPair: (pair: number) => boolean = () => true,
): { links: ProposedLink[]; reviewCandidates: ProposedLink[] } {
  const links: ProposedLink[] = [];
  const reviewCandidates: ProposedLink[] = [];
  for (let pair = 0; pair < pairs.left.length; pair++) {
    const probability = probabilityOfPair(pair);
    if (probability < thresholds.review) continue;
    const link: ProposedLink = { left: pairs.left[pair], right: pairs.right[pair], rule: 'score', probability };
    (decide(probability, thresholds, mayLinkPair(pair)) === 'link' ? links : reviewCandidates).push(link);
  }
  return { links, reviewCandidates };
}
