import type { SqlExecutor } from '../../platform/database/database';
import { lockResolution } from './ingestion.store';
import {
  identifierKey,
  type IdentityResolver,
  type IncomingRecord,
  type PlannedMerge,
  type ResolutionCandidates,
  type ResolutionPlan,
} from './identity-resolver';

const RULE = 'exact_identifier';

/**
 * Links records that share any identifier exactly (after normalization), transitively, and merges
 * profiles when one record links two. The oldest profile survives, so ids that clients hold stay valid
 * as long as possible (the absorbed ids keep redirecting to it).
 */
export const exactMatchResolver: IdentityResolver = {
  name: 'exact-match',

  // One lock for the whole resolution: two batches that share an identifier must not both create a profile for it.
  async lock(tx: SqlExecutor): Promise<void> {
    await lockResolution(tx);
  },

  async confirm(): Promise<void> {
    // Nothing to check: under the one lock, nothing changed since the candidates were read.
  },

  async afterWrite(): Promise<void> {
    // The identities table, written by ingestion, is all this resolver reads.
  },

  async findCandidates(tx: SqlExecutor, records: IncomingRecord[]): Promise<ResolutionCandidates> {
    const types: string[] = [];
    const values: string[] = [];
    for (const record of records) {
      for (const identifier of record.identifiers) {
        types.push(identifier.type);
        values.push(identifier.value);
      }
    }
    // One index probe per identifier (lateral + limit 1). A join lets the planner, whose statistics lag
    // behind a bulk load, sort and merge the whole identities table for every batch instead.
    const rows = await tx.query<{ type: string; value: string; profile_id: string }>(
      `select wanted.type, wanted.value, owner.profile_id
         from unnest($1::text[], $2::text[]) as wanted(type, value)
         cross join lateral (
           select i.profile_id from identities i where i.type = wanted.type and i.value = wanted.value and i.is_unique order by i.profile_id limit 1
         ) as owner`,
      [types, values],
    );
    return { identifierOwners: new Map(rows.map((row) => [identifierKey(row), row.profile_id])) };
  },

  plan(records, candidates, newProfileId): ResolutionPlan {
    const clusters = new DisjointSets();
    for (const record of records) {
      const recordNode = `r:${record.key}`;
      clusters.add(recordNode);
      if (record.currentProfileId) clusters.union(recordNode, `p:${record.currentProfileId}`);
      for (const identifier of record.identifiers) {
        const key = identifierKey(identifier);
        clusters.union(recordNode, `i:${key}`);
        const owner = candidates.identifierOwners.get(key);
        if (owner) clusters.union(recordNode, `p:${owner}`);
      }
    }

    const membersByRoot = new Map<string, { records: IncomingRecord[]; profiles: Set<string> }>();
    const clusterOf = (node: string) => {
      const root = clusters.find(node);
      let cluster = membersByRoot.get(root);
      if (!cluster) membersByRoot.set(root, (cluster = { records: [], profiles: new Set() }));
      return cluster;
    };
    for (const record of records) {
      const cluster = clusterOf(`r:${record.key}`);
      cluster.records.push(record);
      if (record.currentProfileId) cluster.profiles.add(record.currentProfileId);
      for (const identifier of record.identifiers) {
        const owner = candidates.identifierOwners.get(identifierKey(identifier));
        if (owner) cluster.profiles.add(owner);
      }
    }

    const plan: ResolutionPlan = { assignments: new Map(), newProfileIds: new Set(), merges: [] };
    for (const cluster of membersByRoot.values()) {
      // Prefixed ULIDs sort by creation time: the smallest id is the oldest profile.
      const existing = [...cluster.profiles].sort();
      let survivor = existing[0];
      if (survivor === undefined) {
        survivor = newProfileId();
        plan.newProfileIds.add(survivor);
      }
      for (const merged of existing.slice(1)) plan.merges.push(explainMerge(survivor, merged, cluster.records, candidates));
      for (const record of cluster.records) plan.assignments.set(record.key, survivor);
    }
    return plan;
  },
};

function explainMerge(survivor: string, merged: string, records: IncomingRecord[], candidates: ResolutionCandidates): PlannedMerge {
  const matchedIdentifiers: { type: string; value: string; profileId: string }[] = [];
  const linkingRecords = new Set<string>();
  for (const record of records) {
    for (const identifier of record.identifiers) {
      const owner = candidates.identifierOwners.get(identifierKey(identifier));
      if (owner === survivor || owner === merged) {
        matchedIdentifiers.push({ type: identifier.type, value: identifier.value, profileId: owner });
        linkingRecords.add(record.key);
      }
    }
    if (record.currentProfileId === survivor || record.currentProfileId === merged) linkingRecords.add(record.key);
  }
  return { survivingProfileId: survivor, mergedProfileId: merged, rule: RULE, evidence: { matchedIdentifiers, linkingRecords: [...linkingRecords] } };
}

/** Union-find with path halving; nodes are created on first sight. */
class DisjointSets {
  private readonly parent = new Map<string, string>();

  add(node: string): void {
    if (!this.parent.has(node)) this.parent.set(node, node);
  }

  find(node: string): string {
    this.add(node);
    let current = node;
    while (this.parent.get(current) !== current) {
      const grandparent = this.parent.get(this.parent.get(current)!)!;
      this.parent.set(current, grandparent);
      current = grandparent;
    }
    return current;
  }

  union(a: string, b: string): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.parent.set(rootB, rootA);
  }
}
