import type { IdentityRules, IdentityType, ScopedIdentifier } from './identity-rules';

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
}

export interface ClusteringInput {
  recordCount: number;
  identifiersOf(record: number): readonly ScopedIdentifier[];
  rules: IdentityRules;
  links: readonly ProposedLink[];
  /** Pairs a person split: their records never share a profile. */
  cannotLink: readonly (readonly [number, number])[];
}

export interface Clustering {
  /** Profile number of every record, 0…profiles-1, numbered in order of first record. */
  clusterOf: Int32Array;
  accepted: ProposedLink[];
  dropped: DroppedLink[];
}

interface ProfileState {
  records: number;
  /** Identifiers of limited types: `type` → value → source. */
  identifiers: Map<IdentityType, Map<string, string>>;
  cannotLink: Set<number>;
}

/**
 * Union-find over the links in order of strength — manual merges, then identifiers by type priority, then
 * scores — refusing any merge that joins a cannot-link pair or breaks a per-profile limit. A refused link
 * is dropped with its reason; because stronger links went first, it is always the weaker one that goes.
 * Manual merges are not held to the limits: a person looked at them.
 */
export function clusterRecords(input: ClusteringInput): Clustering {
  const parent = Int32Array.from({ length: input.recordCount }, (_, i) => i);
  const find = (record: number): number => {
    while (parent[record] !== record) record = parent[record] = parent[parent[record]];
    return record;
  };
  const states = new Map<number, ProfileState>();
  for (let record = 0; record < input.recordCount; record++) states.set(record, initialState(input, record));
  for (const [a, b] of input.cannotLink) {
    states.get(a)!.cannotLink.add(b);
    states.get(b)!.cannotLink.add(a);
  }

  const accepted: ProposedLink[] = [];
  const dropped: DroppedLink[] = [];
  for (const link of [...input.links].sort(strongestFirst(input.rules))) {
    const [rootA, rootB] = [find(link.left), find(link.right)];
    if (rootA === rootB) {
      accepted.push(link);
      continue;
    }
    const [stateA, stateB] = [states.get(rootA)!, states.get(rootB)!];
    const reason = separated(stateA, rootB, find) ?? (link.rule === 'must-link' ? undefined : limitBroken(stateA, stateB, input.rules));
    if (reason) {
      dropped.push({ link, reason });
      continue;
    }
    // The larger profile absorbs the smaller: union by size keeps the trees flat.
    const [keep, absorb] = stateA.records >= stateB.records ? [rootA, rootB] : [rootB, rootA];
    parent[absorb] = keep;
    mergeInto(states.get(keep)!, states.get(absorb)!);
    states.delete(absorb);
    accepted.push(link);
  }
  return { clusterOf: numberClusters(input.recordCount, find), accepted, dropped };
}

function initialState(input: ClusteringInput, record: number): ProfileState {
  const identifiers = new Map<IdentityType, Map<string, string>>();
  for (const identifier of input.identifiersOf(record)) {
    const rule = input.rules[identifier.type];
    if (rule.maxPerProfile === undefined && rule.maxPerSource === undefined) continue;
    if (!identifiers.has(identifier.type)) identifiers.set(identifier.type, new Map());
    identifiers.get(identifier.type)!.set(identifier.value, identifier.source);
  }
  return { records: 1, identifiers, cannotLink: new Set() };
}

const RULE_RANK = { 'must-link': 2, identifier: 1, score: 0 } as const;

function strongestFirst(rules: IdentityRules) {
  return (a: ProposedLink, b: ProposedLink) =>
    RULE_RANK[b.rule] - RULE_RANK[a.rule] ||
    (b.identityType ? rules[b.identityType].priority : 0) - (a.identityType ? rules[a.identityType].priority : 0) ||
    (b.probability ?? 0) - (a.probability ?? 0);
}

// Cannot-links are stored on both sides, so one side's list finds every pair that straddles the two.
function separated(a: ProfileState, rootB: number, find: (record: number) => number): string | undefined {
  for (const record of a.cannotLink) if (find(record) === rootB) return 'a cannot-link keeps these profiles apart';
  return undefined;
}

function limitBroken(a: ProfileState, b: ProfileState, rules: IdentityRules): string | undefined {
  for (const [type, valuesA] of a.identifiers) {
    const valuesB = b.identifiers.get(type);
    if (!valuesB) continue;
    const union = new Map([...valuesA, ...valuesB]);
    const { maxPerProfile, maxPerSource } = rules[type];
    if (maxPerProfile !== undefined && union.size > maxPerProfile) {
      return `would give the profile ${union.size} ${type} values (limit ${maxPerProfile})`;
    }
    if (maxPerSource !== undefined) {
      const perSource = new Map<string, number>();
      for (const source of union.values()) perSource.set(source, (perSource.get(source) ?? 0) + 1);
      for (const [source, count] of perSource) {
        if (count > maxPerSource) return `would give the profile ${count} ${type} values from source '${source}' (limit ${maxPerSource})`;
      }
    }
  }
  return undefined;
}

function mergeInto(keep: ProfileState, absorb: ProfileState): void {
  keep.records += absorb.records;
  for (const [type, values] of absorb.identifiers) {
    const kept = keep.identifiers.get(type);
    if (kept) for (const [value, source] of values) kept.set(value, source);
    else keep.identifiers.set(type, values);
  }
  for (const record of absorb.cannotLink) keep.cannotLink.add(record);
}

function numberClusters(recordCount: number, find: (record: number) => number): Int32Array {
  const clusterOf = new Int32Array(recordCount);
  const numberOfRoot = new Map<number, number>();
  for (let record = 0; record < recordCount; record++) {
    const root = find(record);
    if (!numberOfRoot.has(root)) numberOfRoot.set(root, numberOfRoot.size);
    clusterOf[record] = numberOfRoot.get(root)!;
  }
  return clusterOf;
}
