import type { IdentityType } from '../../../connectors/sdk/records';
import { describeConflict } from './clustering';
import type { ResolvedLink } from './engine';
import type { MatchExplanation } from './explain';
import type { EvidenceLink } from './merge-evidence';
import type { Conflict } from './person-conflicts';
import { GENERIC_PEOPLE } from './value-holders';

/**
 * Why re-resolution splits or merges, in words, from what the engine said about the records (pure). A reason
 * has two forms: `text` for merge history, which may name values as merge evidence does (a phone, two given
 * names), and `brief`, which names none, for logs and the CLI.
 */
export interface ChangeReason {
  text: string;
  brief: string;
}

/** What the engine said about a run's records, by record id: what reasons are taken from (a Resolution is one, with the rules). */
export interface ResolutionEvidence {
  links: readonly ResolvedLink[];
  dropped: readonly DroppedById[];
  explain(leftId: string, rightId: string): MatchExplanation;
  /** Whether a shared value of this type links on its own (`linkOn: equal`) when few enough people hold it. */
  linksOnEqual(type: IdentityType): boolean;
}

export type DroppedById = ResolvedLink & { reason: string };

/** The machine-readable part of a split's reason, kept in its merge-history evidence. */
export interface SplitDetails {
  /** Two records, one on each side, whose own evidence says they are two people. */
  conflict?: { left: string; right: string; field: Conflict['field']; leftValue: string; rightValue: string };
  /** Values both sides hold that too many people hold to link on their own (value-holders.ts). */
  genericValues?: { type: IdentityType; value: string; people: number }[];
  /** Links between the two sides the engine refused, with its reasons. */
  dropped?: DroppedById[];
}

// Reasons are looked for among a few records of each side: every pair of a large profile would cost too much.
const EXPLAINED_PER_SIDE = 6;
const MAX_DROPPED = 10;
// What the engine stores for "more people than it tells apart" (link-proposals.ts caps the count there).
const UNCOUNTED_PEOPLE = 0x7fffffff;

export const NO_LINK = 'no link of the current rules joins these records';

/**
 * Why `part` is not in one profile with `rest` under the current rules: their records conflict (the first
 * conflict found among the dropped links and a few records of each side), else a link between them was refused
 * (a limit, a cannot-link), else a value they share is generic, else nothing of the current rules joins them.
 */
export function splitReason(part: readonly string[], rest: readonly string[], crossing: readonly DroppedById[], evidence: ResolutionEvidence): { reason: ChangeReason; details: SplitDetails } {
  const inPart = new Set(part);
  const pairs = [
    ...crossing.slice(0, MAX_DROPPED).map((link) => (inPart.has(link.left) ? [link.left, link.right] : [link.right, link.left])),
    ...part.slice(0, EXPLAINED_PER_SIDE).flatMap((left) => rest.slice(0, EXPLAINED_PER_SIDE).map((right) => [left, right])),
  ];
  const details: SplitDetails = {};
  if (crossing.length > 0) details.dropped = crossing.slice(0, MAX_DROPPED);
  const generic = new Map<string, { type: IdentityType; value: string; people: number }>();
  const seen = new Set<string>();
  for (const [left, right] of pairs) {
    const key = `${left}\u0000${right}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const explanation = evidence.explain(left, right);
    if (explanation.conflict) {
      const { field, left: leftValue, right: rightValue } = explanation.conflict;
      details.conflict = { left, right, field, leftValue, rightValue };
      return { reason: { text: `their records conflict: ${describeConflict(explanation.conflict)}`, brief: `their records conflict on ${field.replaceAll('_', ' ')}` }, details };
    }
    for (const shared of explanation.sharedIdentifiers) {
      if (shared.people >= GENERIC_PEOPLE && evidence.linksOnEqual(shared.type)) generic.set(`${shared.type}:${shared.value}`, shared);
    }
  }
  if (crossing.length > 0) {
    // The engine's reason may name values (a conflict's); its brief is what comes before them.
    return { reason: { text: crossing[0].reason, brief: crossing[0].reason.split(':')[0] }, details };
  }
  if (generic.size > 0) {
    details.genericValues = [...generic.values()];
    const text = details.genericValues.map(({ type, value, people }) => `${type} ${value} is held by ${peopleCount(people)} people: it no longer links on its own`).join('; ');
    const brief = [...new Set(details.genericValues.map(({ type, people }) => `a ${type} held by ${peopleCount(people)} people no longer links on its own`))].join('; ');
    return { reason: { text, brief }, details };
  }
  return { reason: { text: NO_LINK, brief: NO_LINK }, details };
}

/** Why a chain of accepted links joins two profiles: each link in words, and the decision's rule and weakest probability. */
export function mergeReason(
  chain: readonly ResolvedLink[],
  evidence: ResolutionEvidence,
): { reason: ChangeReason; rule: EvidenceLink['rule']; probability: number | null; links: EvidenceLink[] } {
  const links: EvidenceLink[] = [];
  const texts: string[] = [];
  const briefs: string[] = [];
  for (const link of chain) {
    const explanation = evidence.explain(link.left, link.right);
    links.push({
      left: link.left,
      right: link.right,
      rule: link.rule,
      ...(link.identityType && { identityType: link.identityType }),
      ...(link.probability !== undefined && { probability: link.probability }),
      weight: explanation.weight,
      fields: explanation.fields,
    });
    const { text, brief } = linkReason(link, explanation);
    texts.push(text);
    briefs.push(brief);
  }
  const scored = chain.filter((link) => link.rule === 'score').map((link) => link.probability!);
  const rule = chain.some((link) => link.rule === 'must-link') ? 'must-link' : scored.length > 0 ? 'score' : 'identifier';
  const reason = texts.length > 0 ? { text: texts.join('; '), brief: [...new Set(briefs)].join('; ') } : { text: 'the engine put their records in one profile', brief: 'the engine put their records in one profile' };
  return { reason, rule, probability: scored.length > 0 ? Math.min(...scored) : null, links };
}

const NO_CONFLICT = 'and nothing in their records conflicts';

function linkReason(link: ResolvedLink, explanation: MatchExplanation): ChangeReason {
  if (link.rule === 'must-link') return { text: `a person linked records ${link.left} and ${link.right}`, brief: `a person linked records ${link.left} and ${link.right}` };
  if (link.rule === 'score') {
    const text = `match probability ${(link.probability ?? explanation.probability).toFixed(3)}, at or above the link threshold, ${NO_CONFLICT}`;
    return { text, brief: text };
  }
  const type = link.identityType!;
  const shared = explanation.sharedIdentifiers.find((identifier) => identifier.type === type);
  const held = shared && shared.people >= 2 ? ` (held by ${peopleCount(shared.people)} people, told apart by their records)` : '';
  return { text: `they share ${type}${shared ? ` ${shared.value}` : ''}${held}, ${NO_CONFLICT}`, brief: `they share a ${type}, ${NO_CONFLICT}` };
}

function peopleCount(people: number): string {
  return people >= UNCOUNTED_PEOPLE ? 'hundreds of' : String(people);
}
