import type { NormalizedRecord } from './normalized-record';

/**
 * Normalized stored records, by source record id and content hash: a record is normalized once per process
 * and content version, not once per batch that finds it as a candidate (normalizing costs far more than
 * reading). The oldest entries go first when the cache is full.
 */
export class NormalizedRecordCache {
  private readonly entries = new Map<string, { contentHash: string; normalized: NormalizedRecord }>();

  constructor(private readonly capacity: number) {}

  get(sourceRecordId: string, contentHash: string): NormalizedRecord | undefined {
    const entry = this.entries.get(sourceRecordId);
    return entry && entry.contentHash === contentHash ? entry.normalized : undefined;
  }

  set(sourceRecordId: string, contentHash: string, normalized: NormalizedRecord): void {
    this.entries.delete(sourceRecordId);
    this.entries.set(sourceRecordId, { contentHash, normalized });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}
