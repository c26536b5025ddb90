/** Candidate pairs as parallel arrays of record indices, left < right, each pair once. */
export interface CandidatePairs {
  left: Int32Array;
  right: Int32Array;
  /** Keys skipped for being shared by more than the cap, by kind (values stay out of reports). */
  oversizedBlocks: { kind: string; blocks: number; largest: number }[];
}

/** All pairs of records that share a blocking key, skipping blocks larger than `maxBlockSize`. */
export function candidatePairs(keysOfRecords: readonly (readonly string[])[], maxBlockSize: number): CandidatePairs {
  const blocks = new Map<string, number[]>();
  keysOfRecords.forEach((keys, record) => {
    for (const key of keys) {
      const members = blocks.get(key);
      if (members) members.push(record);
      else blocks.set(key, [record]);
    }
  });
  const n = keysOfRecords.length;
  const seen = new Set<number>();
  const left: number[] = [];
  const right: number[] = [];
  const oversized = new Map<string, { kind: string; blocks: number; largest: number }>();
  for (const [key, members] of blocks) {
    if (members.length < 2) continue;
    if (members.length > maxBlockSize) {
      const kind = key.slice(0, key.indexOf(':'));
      const entry = oversized.get(kind) ?? { kind, blocks: 0, largest: 0 };
      entry.blocks++;
      entry.largest = Math.max(entry.largest, members.length);
      oversized.set(kind, entry);
      continue;
    }
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const [a, b] = members[i] < members[j] ? [members[i], members[j]] : [members[j], members[i]];
        const id = a * n + b;
        if (seen.has(id)) continue;
        seen.add(id);
        left.push(a);
        right.push(b);
      }
    }
  }
  return { left: Int32Array.from(left), right: Int32Array.from(right), oversizedBlocks: [...oversized.values()] };
}
