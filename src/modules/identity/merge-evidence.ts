import type { DroppedLink, ProposedLink } from './clustering';
import { explainNormalized, type FieldEvidence, type PeopleOfValue } from './explain';
import type { ModelParameters } from './fellegi-sunter';
import type { NormalizedRecord } from './normalized-record';
import type { ResolutionConfig } from './resolution-config';

/** One link of the chain that joined two profiles, by source record id, with its per-field evidence. */
export interface EvidenceLink {
  left: string;
  right: string;
  rule: ProposedLink['rule'];
  identityType?: string;
  probability?: number;
  weight: number;
  fields: FieldEvidence[];
}

export interface MergeEvidence {
  /** `score` when a scored link was needed, `identifier` when equal identifiers sufficed. */
  rule: 'score' | 'identifier' | 'must-link';
  /** The weakest scored link of the chain: the one the decision rests on. */
  probability: number | null;
  evidence: { links: EvidenceLink[]; dropped: { left: string; right: string; rule: string; identityType?: string; probability?: number; reason: string }[] };
}

export interface EvidenceContext {
  records: readonly NormalizedRecord[];
  profileOf: readonly (string | undefined)[];
  accepted: readonly ProposedLink[];
  dropped: readonly DroppedLink[];
  model: ModelParameters;
  config: ResolutionConfig;
  /** How many people hold an identifier value among the records the decision met. */
  peopleOf?: PeopleOfValue;
}

// Enough to see why a link was refused; a pathological cluster must not make the decision row huge.
const MAX_DROPPED = 10;

/**
 * Why `merged` joined `survivor`: the shortest chain of accepted links from a record of one to a record of
 * the other (hops inside an existing profile left out), and the links refused around them.
 */
export function mergeEvidence(context: EvidenceContext, survivor: string, merged: string, clusterRecords: ReadonlySet<number>): MergeEvidence {
  const adjacency = new Map<number, { to: number; link: ProposedLink }[]>();
  for (const link of context.accepted) {
    if (!clusterRecords.has(link.left)) continue;
    (adjacency.get(link.left) ?? adjacency.set(link.left, []).get(link.left)!).push({ to: link.right, link });
    (adjacency.get(link.right) ?? adjacency.set(link.right, []).get(link.right)!).push({ to: link.left, link });
  }
  const cameFrom = new Map<number, { from: number; link: ProposedLink } | null>();
  const queue = [...clusterRecords].filter((record) => context.profileOf[record] === merged);
  for (const start of queue) cameFrom.set(start, null);
  let reached: number | undefined;
  for (let head = 0; head < queue.length && reached === undefined; head++) {
    const current = queue[head];
    for (const { to, link } of adjacency.get(current) ?? []) {
      if (cameFrom.has(to)) continue;
      cameFrom.set(to, { from: current, link });
      if (context.profileOf[to] === survivor) {
        reached = to;
        break;
      }
      queue.push(to);
    }
  }
  const path: ProposedLink[] = [];
  for (let step = reached === undefined ? null : cameFrom.get(reached); step; step = cameFrom.get(step.from)) path.push(step.link);

  const links = path.filter((link) => !(link.rule === 'must-link' && sameProfile(context, link))).reverse().map((link) => describe(context, link));
  const scored = links.filter((link) => link.rule === 'score');
  const rule = links.some((link) => link.rule === 'must-link') ? 'must-link' : scored.length > 0 ? 'score' : 'identifier';
  const dropped = context.dropped
    .filter(({ link }) => clusterRecords.has(link.left) || clusterRecords.has(link.right))
    .slice(0, MAX_DROPPED)
    .map(({ link, reason }) => ({ ...ids(context, link), rule: link.rule, ...(link.identityType && { identityType: link.identityType }), ...(link.probability !== undefined && { probability: link.probability }), reason }));
  return { rule, probability: scored.length > 0 ? Math.min(...scored.map((link) => link.probability!)) : null, evidence: { links, dropped } };
}

function sameProfile(context: EvidenceContext, link: ProposedLink): boolean {
  const profile = context.profileOf[link.left];
  return profile !== undefined && profile === context.profileOf[link.right];
}

function ids(context: EvidenceContext, link: ProposedLink): { left: string; right: string } {
  return { left: context.records[link.left].id, right: context.records[link.right].id };
}

function describe(context: EvidenceContext, link: ProposedLink): EvidenceLink {
  const explanation = explainNormalized(context.records[link.left], context.records[link.right], context.model, context.config, context.peopleOf);
  return {
    ...ids(context, link),
    rule: link.rule,
    ...(link.identityType && { identityType: link.identityType }),
    ...(link.probability !== undefined && { probability: link.probability }),
    weight: explanation.weight,
    fields: explanation.fields,
  };
}
