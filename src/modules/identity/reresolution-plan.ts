import type { ResolvedLink } from './engine';
import type { EvidenceLink } from './merge-evidence';
import { mergeReason, splitReason, type ChangeReason, type DroppedById, type ResolutionEvidence, type SplitDetails } from './reresolution-reasons';

/** Records of a current profile that leave it for a profile of their own. */
export interface PlannedPart {
  /** The profile created for them (from `newProfileId`). */
  profileId: string;
  records: string[];
  reason: ChangeReason;
  details: SplitDetails;
}

/**
 * A current profile whose records the engine puts in two or more profiles. The part holding the profile's
 * oldest record (the smallest id: ids are time-ordered) keeps the profile; each other part leaves.
 */
export interface PlannedSplit {
  profileId: string;
  kept: string[];
  parts: PlannedPart[];
}

/** One profile (or a part split off in the same plan) joining another, with the links that join them. */
export interface PlannedMerge {
  survivorId: string;
  mergedId: string;
  /** Set when the merged profile is a part split off in this plan: the profile it leaves. */
  splitFrom?: string;
  /** The records the merged side brings. */
  records: string[];
  rule: EvidenceLink['rule'];
  /** The weakest scored link of the chain; null when no score was needed. */
  probability: number | null;
  links: EvidenceLink[];
  reason: ChangeReason;
}

/** Changes that must be made together: they involve the same current profiles. */
export interface PlannedGroup {
  /** The current profiles the group changes or merges away, sorted. */
  profiles: string[];
  splits: PlannedSplit[];
  merges: PlannedMerge[];
}

export interface ReresolutionPlan {
  groups: PlannedGroup[];
  profilesBefore: number;
  profilesAfter: number;
}

export interface PlanOptions {
  /** An id for each profile a split creates; they must sort after every current profile id (a new ULID does). */
  newProfileId: () => string;
  /** Splits only: clusters spanning several profiles are left as they are (a caller that has just merged what it would). */
  splitsOnly?: boolean;
}

/**
 * From the profile of each record now (`current`) and the engine's grouping of the same records (`clusters`,
 * record ids), the changes that make the profiles the engine's: first the splits of current profiles whose
 * records fall in several clusters, then the merges of the profiles (and split-off parts) that share a cluster,
 * into the oldest (smallest id). Each change carries its reason, taken from `evidence`. Pure.
 */
export function planReresolution(current: ReadonlyMap<string, string>, clusters: readonly (readonly string[])[], evidence: ResolutionEvidence, options: PlanOptions): ReresolutionPlan {
  const profileOf = (record: string) => {
    const profile = current.get(record);
    if (profile === undefined) throw new Error(`record ${record} has no current profile`);
    return profile;
  };
  const partsOf = new Map<string, string[][]>();
  for (const cluster of clusters) {
    const byProfile = new Map<string, string[]>();
    for (const record of cluster) (byProfile.get(profileOf(record)) ?? byProfile.set(profileOf(record), []).get(profileOf(record))!).push(record);
    for (const [profile, records] of byProfile) (partsOf.get(profile) ?? partsOf.set(profile, []).get(profile)!).push(records);
  }

  const splits = planSplits(partsOf, evidence, options.newProfileId);
  const unitOf = new Map<string, string>();
  const splitFrom = new Map<string, string>();
  for (const split of splits) {
    for (const part of split.parts) {
      splitFrom.set(part.profileId, split.profileId);
      for (const record of part.records) unitOf.set(record, part.profileId);
    }
  }
  const unit = (record: string) => unitOf.get(record) ?? profileOf(record);
  const merges = options.splitsOnly ? [] : planMerges(clusters, unit, splitFrom, evidence);
  const moved = splits.reduce((total, split) => total + split.parts.length, 0);
  return {
    groups: groupChanges(splits, merges, splitFrom),
    profilesBefore: partsOf.size,
    profilesAfter: partsOf.size + moved - merges.length,
  };
}

function planSplits(partsOf: ReadonlyMap<string, string[][]>, evidence: ResolutionEvidence, newProfileId: () => string): PlannedSplit[] {
  const splitting = [...partsOf].filter(([, parts]) => parts.length > 1).sort(([a], [b]) => compare(a, b));
  const droppedOf = droppedInside(splitting, evidence.dropped);
  return splitting.map(([profileId, unsorted]) => {
    const parts = unsorted.map((records) => [...records].sort(compare)).sort((a, b) => compare(a[0], b[0]));
    const [kept, ...leaving] = parts;
    return {
      profileId,
      kept,
      parts: leaving.map((records) => {
        const inPart = new Set(records);
        const across = [...new Set(records.flatMap((record) => droppedOf.get(record) ?? []))]
          .sort((a, b) => a - b)
          .map((index) => evidence.dropped[index])
          .filter((link) => inPart.has(link.left) !== inPart.has(link.right));
        return { profileId: newProfileId(), records, ...splitReason(records, sampleOfRest(parts, records), across, evidence) };
      }),
    };
  });
}

/** A few records of the profile outside `part`, those that stay first: reasons are looked for among a few. */
function sampleOfRest(parts: readonly string[][], part: readonly string[]): string[] {
  const sample: string[] = [];
  for (const other of parts) {
    if (other === part) continue;
    sample.push(...other.slice(0, REST_SAMPLE - sample.length));
    if (sample.length >= REST_SAMPLE) break;
  }
  return sample;
}

const REST_SAMPLE = 16;

/** The dropped links inside each splitting profile (both records in it), by record: their indices in `dropped`. */
function droppedInside(splitting: readonly [string, string[][]][], dropped: readonly DroppedById[]): Map<string, number[]> {
  const profileOfRecord = new Map<string, string>();
  for (const [profile, parts] of splitting) for (const part of parts) for (const record of part) profileOfRecord.set(record, profile);
  const byRecord = new Map<string, number[]>();
  dropped.forEach((link, index) => {
    const profile = profileOfRecord.get(link.left);
    if (profile === undefined || profileOfRecord.get(link.right) !== profile) return;
    for (const record of [link.left, link.right]) (byRecord.get(record) ?? byRecord.set(record, []).get(record)!).push(index);
  });
  return byRecord;
}

function planMerges(clusters: readonly (readonly string[])[], unit: (record: string) => string, splitFrom: ReadonlyMap<string, string>, evidence: ResolutionEvidence): PlannedMerge[] {
  const joining = clusters.filter((cluster) => cluster.some((record) => unit(record) !== unit(cluster[0])));
  if (joining.length === 0) return [];
  const adjacency = linksWithin(joining, evidence.links);
  const merges: PlannedMerge[] = [];
  for (const cluster of joining) {
    const units = [...new Set(cluster.map(unit))];
    // The oldest current profile survives; parts split off in this plan are newer than any.
    const [survivorId, ...others] = units.sort((a, b) => Number(splitFrom.has(a)) - Number(splitFrom.has(b)) || compare(a, b));
    for (const mergedId of others) {
      const records = cluster.filter((record) => unit(record) === mergedId).sort(compare);
      const { reason, rule, probability, links } = mergeReason(chainBetween(records, survivorId, unit, adjacency), evidence);
      merges.push({ survivorId, mergedId, ...(splitFrom.has(mergedId) && { splitFrom: splitFrom.get(mergedId) }), records, rule, probability, links, reason });
    }
  }
  return merges.sort((a, b) => compare(a.survivorId, b.survivorId) || compare(a.mergedId, b.mergedId));
}

/** The accepted links touching the records of the given clusters, by record. */
function linksWithin(clusters: readonly (readonly string[])[], links: readonly ResolvedLink[]): Map<string, ResolvedLink[]> {
  const adjacency = new Map<string, ResolvedLink[]>();
  for (const cluster of clusters) for (const record of cluster) adjacency.set(record, []);
  for (const link of links) {
    adjacency.get(link.left)?.push(link);
    adjacency.get(link.right)?.push(link);
  }
  return adjacency;
}

/** The shortest chain of accepted links from a record of `from` to a record of the survivor, hops inside one profile left out. */
function chainBetween(from: readonly string[], survivorId: string, unit: (record: string) => string, adjacency: ReadonlyMap<string, ResolvedLink[]>): ResolvedLink[] {
  const cameFrom = new Map<string, { from: string; link: ResolvedLink } | null>(from.map((record) => [record, null]));
  const queue = [...from];
  let reached: string | undefined;
  for (let head = 0; head < queue.length && reached === undefined; head++) {
    const record = queue[head];
    for (const link of adjacency.get(record) ?? []) {
      const next = link.left === record ? link.right : link.left;
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, { from: record, link });
      if (unit(next) === survivorId) {
        reached = next;
        break;
      }
      queue.push(next);
    }
  }
  const chain: ResolvedLink[] = [];
  for (let step = reached === undefined ? null : cameFrom.get(reached); step; step = cameFrom.get(step.from)) {
    if (unit(step.link.left) !== unit(step.link.right)) chain.push(step.link);
  }
  return chain.reverse();
}

/** Splits and merges grouped by the current profiles they involve (a part's merge goes with its profile's split). */
function groupChanges(splits: readonly PlannedSplit[], merges: readonly PlannedMerge[], splitFrom: ReadonlyMap<string, string>): PlannedGroup[] {
  const parent = new Map<string, string>();
  const find = (profile: string): string => {
    let root = profile;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(profile, root);
    return root;
  };
  const currentOf = (profile: string) => splitFrom.get(profile) ?? profile;
  for (const split of splits) find(split.profileId);
  for (const merge of merges) {
    const [a, b] = [find(currentOf(merge.survivorId)), find(currentOf(merge.mergedId))];
    if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
  }
  const groups = new Map<string, PlannedGroup>();
  const groupOf = (profile: string) => {
    const root = find(profile);
    return groups.get(root) ?? groups.set(root, { profiles: [], splits: [], merges: [] }).get(root)!;
  };
  for (const profile of parent.keys()) groupOf(profile).profiles.push(profile);
  for (const split of splits) groupOf(split.profileId).splits.push(split);
  for (const merge of merges) groupOf(currentOf(merge.survivorId)).merges.push(merge);
  return [...groups.values()].map((group) => ({ ...group, profiles: group.profiles.sort(compare) })).sort((a, b) => compare(a.profiles[0], b.profiles[0]));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
