/** How a new grouping of records differs from the current profiles. */
export interface PartitionChanges {
  profilesBefore: number;
  profilesAfter: number;
  /** New profiles that would join records of two or more current profiles. */
  merges: number;
  /** Current profiles involved in those merges. */
  profilesMerged: number;
  /** Current profiles whose records would end up in two or more new profiles. */
  splits: number;
  mergeExamples: { profileIds: string[]; sourceRecordIds: string[] }[];
  splitExamples: { profileId: string; parts: string[][] }[];
}

const EXAMPLES = 5;
const RECORDS_PER_EXAMPLE = 10;

/** Compares `groups` (record ids per new profile) with the current profile of every record. Pure. */
export function partitionChanges(profileOf: ReadonlyMap<string, string>, groups: readonly (readonly string[])[]): PartitionChanges {
  const changes: PartitionChanges = { profilesBefore: new Set(profileOf.values()).size, profilesAfter: groups.length, merges: 0, profilesMerged: 0, splits: 0, mergeExamples: [], splitExamples: [] };
  const partsOfProfile = new Map<string, string[][]>();
  for (const group of groups) {
    const profiles = [...new Set(group.map((id) => profileOf.get(id)!))].sort();
    if (profiles.length > 1) {
      changes.merges++;
      changes.profilesMerged += profiles.length;
      if (changes.mergeExamples.length < EXAMPLES) changes.mergeExamples.push({ profileIds: profiles, sourceRecordIds: [...group].sort().slice(0, RECORDS_PER_EXAMPLE) });
    }
    for (const profile of profiles) {
      const part = group.filter((id) => profileOf.get(id) === profile);
      (partsOfProfile.get(profile) ?? partsOfProfile.set(profile, []).get(profile)!).push(part);
    }
  }
  for (const [profileId, parts] of partsOfProfile) {
    if (parts.length < 2) continue;
    changes.splits++;
    if (changes.splitExamples.length < EXAMPLES) changes.splitExamples.push({ profileId, parts: parts.map((part) => [...part].sort().slice(0, RECORDS_PER_EXAMPLE)) });
  }
  return changes;
}
