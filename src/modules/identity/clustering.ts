import type { IdentityRules, ScopedIdentifier } from './identity-rules';
import type { IdentityType } from '../../../connectors/sdk/records';
import { conflictWithRecords, type Conflict, type PersonEvidence } from './person-conflicts';
import { holdAll, limitBroken, limitedIdentifiers, type ProfileIdentifiers } from './profile-identifiers';

/** A reason to put two records in one profile, before the constraints have had their say. */
export interface ProposedLink {
  left: number;
  right: number;
  /** `must-link`: a person merged them; `identifier`: an equal identifier; `score`: the match probability. */
  rule: 'must-link' | 'identifier' | 'score';
  identityType?: IdentityType;
  probability?: number;
}

export interface DroppedLink {
  link: ProposedLink;
  reason: string;
  /** Set when the link was dropped because a record of one side conflicts with a record of the other. */
  conflict?: Conflict;
}

export interface ClusteringInput {
  recordCount: number;
  identifiersOf(record: number): readonly ScopedIdentifier[];
  rules: IdentityRules;
  links: readonly ProposedLink[];
  /** Pairs a person split: their records never share a profile. */
  cannotLink: readonly (readonly [number, number])[];
  /** What a record says about which person it is (person-conflicts.ts); none: it conflicts with nobody. */
  evidenceOf?(record: number): PersonEvidence | undefined;
}

export interface Clustering {
  /** Profile number of every record, 0…profiles-1, numbered in order of first record. */
  clusterOf: Int32Array;
  accepted: ProposedLink[];
  dropped: DroppedLink[];
}

interface ProfileState {
  records: number;
  identifiers: ProfileIdentifiers;
  /** The distinct evidence of its records: no record of another profile that conflicts with one of these may join. */
  evidence: PersonEvidence[];
  /** Records this profile's records must not share a profile with; most profiles have none. */
  cannotLink?: Set<number>;
}

/**
 * Union-find over the links in order of strength — manual merges, then identifiers by type priority, then
 * scores — refusing any merge that joins a cannot-link pair, breaks a per-profile limit, or brings in a record
 * whose evidence conflicts with what the other profile's records say of their person (profilesConflict: the
 * check is on the whole profiles, so no chain of links, each fine on its own, can join two people). A refused
 * link is dropped with its reason; because stronger links went first, it is always the weaker one that goes,
 * and one refused for a conflict is tried again once the profiles have grown. Manual merges are not held to
 * the limits or conflicts: a person looked at them.
 */
export function clusterRecords(input: ClusteringInput): Clustering {
  const parent = Int32Array.from({ length: input.recordCount }, (_, i) => i);
  const find = (record: number): number => {
    while (parent[record] !== record) record = parent[record] = parent[parent[record]];
    return record;
  };
  // Most records never join another: a record's state is built when its profile first takes part in a merge.
  const states: (ProfileState | undefined)[] = new Array(input.recordCount);
  const stateOf = (root: number) => (states[root] ??= initialState(input, root));
  for (const [a, b] of input.cannotLink) {
    (stateOf(a).cannotLink ??= new Set()).add(b);
    (stateOf(b).cannotLink ??= new Set()).add(a);
  }

  const accepted: ProposedLink[] = [];
  const dropped: DroppedLink[] = [];
  let conflicting: DroppedLink[] = [];
  const apply = (link: ProposedLink): DroppedLink | undefined => {
    const [rootA, rootB] = [find(link.left), find(link.right)];
    if (rootA === rootB) {
      accepted.push(link);
      return undefined;
    }
    const [stateA, stateB] = [stateOf(rootA), stateOf(rootB)];
    const reason = separated(stateA, rootB, find) ?? (link.rule === 'must-link' ? undefined : limitBroken(stateA.identifiers, stateB.identifiers, input.rules));
    if (reason) {
      dropped.push({ link, reason });
      return undefined;
    }
    const conflict = link.rule === 'must-link' ? undefined : profilesConflict(stateA.evidence, stateB.evidence);
    if (conflict) return { link, reason: `their records conflict: ${describeConflict(conflict)}`, conflict };
    // The larger profile absorbs the smaller: union by size keeps the trees flat.
    const [keep, absorb] = stateA.records >= stateB.records ? [rootA, rootB] : [rootB, rootA];
    parent[absorb] = keep;
    mergeInto(states[keep]!, states[absorb]!);
    states[absorb] = undefined;
    accepted.push(link);
    return undefined;
  };
  for (const link of strongestFirst(input.links, input.rules)) {
    const refused = apply(link);
    if (refused) conflicting.push(refused);
  }
  // A link refused for a conflict is tried again once the profiles have grown: a record that conflicted with
  // the one spelling a profile had may fit the spellings it has now (conflictWithRecords). Passes stop when
  // one joins nothing more.
  for (let pass = 0; pass < MAX_RETRY_PASSES && conflicting.length > 0; pass++) {
    const before = conflicting.length;
    conflicting = conflicting.flatMap(({ link }) => apply(link) ?? []);
    if (conflicting.length === before) break;
  }
  dropped.push(...conflicting);
  return { clusterOf: numberClusters(input.recordCount, find), accepted, dropped };
}

const MAX_RETRY_PASSES = 3;

function initialState(input: ClusteringInput, record: number): ProfileState {
  const evidence = input.evidenceOf?.(record);
  return { records: 1, identifiers: limitedIdentifiers(input.identifiersOf(record), input.rules), evidence: evidence ? [evidence] : [] };
}

/**
 * The first conflict between a record of the smaller profile and the records of the larger one: each joining
 * record is held to what the profile it joins says of its person, in every spelling it has (conflictWithRecords).
 */
function profilesConflict(a: readonly PersonEvidence[], b: readonly PersonEvidence[]): Conflict | undefined {
  const [joining, joined] = a.length < b.length ? [a, b] : [b, a];
  if (joined.length === 0) return undefined;
  for (const record of joining) {
    const conflict = conflictWithRecords(record, joined);
    if (conflict) return conflict;
  }
  return undefined;
}

const CONFLICT_NAMES: Record<Conflict['field'], string> = { national_id: 'national ids', date_of_birth: 'dates of birth', given_name: 'given names', family_name: 'family names', gender: 'genders' };

export function describeConflict(conflict: Conflict): string {
  return `${CONFLICT_NAMES[conflict.field]} ${conflict.left} and ${conflict.right}`;
}

const RULE_RANK = { 'must-link': 2, identifier: 1, score: 0 } as const;

/**
 * The links by rule (manual, identifier, score), then identifier type priority, then probability, each
 * strongest first, links of equal strength in the order given: a stable sort by those three keys, done by
 * grouping, as a million links hold only a few thousand distinct (rule, priority, probability).
 */
function strongestFirst(links: readonly ProposedLink[], rules: IdentityRules): ProposedLink[] {
  const groups = new Map<number, Map<number, Map<number, ProposedLink[]>>>();
  for (const link of links) {
    const priority = link.identityType ? rules[link.identityType].priority : 0;
    const byPriority = groups.get(RULE_RANK[link.rule]) ?? new Map<number, Map<number, ProposedLink[]>>();
    groups.set(RULE_RANK[link.rule], byPriority);
    const byProbability = byPriority.get(priority) ?? new Map<number, ProposedLink[]>();
    byPriority.set(priority, byProbability);
    const group = byProbability.get(link.probability ?? 0);
    if (group) group.push(link);
    else byProbability.set(link.probability ?? 0, [link]);
  }
  const descending = <V>(map: Map<number, V>) => [...map.keys()].sort((a, b) => b - a).map((key) => map.get(key)!);
  return descending(groups).flatMap((byPriority) => descending(byPriority).flatMap((byProbability) => descending(byProbability).flat()));
}

// Cannot-links are stored on both sides, so one side's list finds every pair that straddles the two.
function separated(a: ProfileState, rootB: number, find: (record: number) => number): string | undefined {
  for (const record of a.cannotLink ?? []) if (find(record) === rootB) return 'a cannot-link keeps these profiles apart';
  return undefined;
}

function mergeInto(keep: ProfileState, absorb: ProfileState): void {
  keep.records += absorb.records;
  holdAll(keep.identifiers, absorb.identifiers);
  for (const evidence of absorb.evidence) if (!keep.evidence.some((held) => sameEvidence(held, evidence))) keep.evidence.push(evidence);
  if (absorb.cannotLink) for (const record of absorb.cannotLink) (keep.cannotLink ??= new Set()).add(record);
}

function numberClusters(recordCount: number, find: (record: number) => number): Int32Array {
  const clusterOf = new Int32Array(recordCount);
  const numberOfRoot = new Int32Array(recordCount).fill(-1);
  let clusters = 0;
  for (let record = 0; record < recordCount; record++) {
    const root = find(record);
    if (numberOfRoot[root] < 0) numberOfRoot[root] = clusters++;
    clusterOf[record] = numberOfRoot[root];
  }
  return clusterOf;
}

/** Equal for every field that can conflict: one of the two is enough to check against. */
function sameEvidence(a: PersonEvidence, b: PersonEvidence): boolean {
  return (
    a.given === b.given &&
    a.givenHanzi === b.givenHanzi &&
    a.family === b.family &&
    a.familyHanzi === b.familyHanzi &&
    a.gender === b.gender &&
    a.nationalId === b.nationalId &&
    a.dateOfBirth?.year === b.dateOfBirth?.year &&
    a.dateOfBirth?.month === b.dateOfBirth?.month &&
    a.dateOfBirth?.day === b.dateOfBirth?.day
  );
}
