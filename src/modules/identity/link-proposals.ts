import type { ProposedLink } from './clustering';
import type { CandidatePairs } from './candidate-pairs';
import type { IdentityRules } from './identity-rules';
import type { NormalizedRecord } from './normalized-record';

/**
 * One link per record that shares an identifier of a type that links on equality, chained to the first
 * record holding it: k records with one e-mail give k-1 links, not k(k-1)/2.
 */
export function identifierLinks(records: readonly NormalizedRecord[], rules: IdentityRules): ProposedLink[] {
  const firstHolder = new Map<string, number>();
  const links: ProposedLink[] = [];
  records.forEach((record, index) => {
    for (const identifier of record.identifiers) {
      if (rules[identifier.type].linkOn !== 'equal') continue;
      const key = `${identifier.type}\u0000${identifier.value}`;
      const first = firstHolder.get(key);
      if (first === undefined) firstHolder.set(key, index);
      else links.push({ left: first, right: index, rule: 'identifier', identityType: identifier.type });
    }
  });
  return links;
}

/** Candidate pairs at or above the link threshold become links; those between the thresholds, review candidates. */
export function scoredLinks(
  pairs: CandidatePairs,
  probabilityOfPair: (pair: number) => number,
  thresholds: { link: number; review: number },
): { links: ProposedLink[]; reviewCandidates: ProposedLink[] } {
  const links: ProposedLink[] = [];
  const reviewCandidates: ProposedLink[] = [];
  for (let pair = 0; pair < pairs.left.length; pair++) {
    const probability = probabilityOfPair(pair);
    if (probability < thresholds.review) continue;
    const link: ProposedLink = { left: pairs.left[pair], right: pairs.right[pair], rule: 'score', probability };
    (probability >= thresholds.link ? links : reviewCandidates).push(link);
  }
  return { links, reviewCandidates };
}
