import type { NormalizedRecord } from './normalized-record';

/**
 * Normalized stored records, by source record id and content version (contentVersion, blocking-key.store.ts):
 * a record is normalized once per process and content version, not once per batch that finds it as a candidate
 * (normalizing costs far more than reading). The oldest entries go first when the cache is full.
 */
export class NormalizedRecordCache {
  private readonly entries = new Map<string, { contentVersion: string; normalized: NormalizedRecord }>();

  constructor(private readonly capacity: number) {}

  get(sourceRecordId: string, contentVersion: string): NormalizedRecord | undefined {
    const entry = this.entries.get(sourceRecordId);
    return entry && entry.contentVersion === contentVersion ? entry.normalized : undefined;
  }

  set(sourceRecordId: string, contentVersion: string, normalized: NormalizedRecord): void {
    this.entries.delete(sourceRecordId);
    this.entries.set(sourceRecordId, { contentVersion, normalized });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}
