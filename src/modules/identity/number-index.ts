/**
 * Dense indices 0, 1, 2… for distinct numbers (integers below 2^53), in the order they are first seen.
 * An open-addressing table in typed arrays: a Map of numbers above 2^31 boxes every key, and with tens of
 * millions of lookups (pattern of every candidate pair, block of every record's key) that is most of the cost.
 */
export class NumberIndex {
  private keys: Float64Array;
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 1024) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(16, expected * 2)));
    this.keys = new Float64Array(size);
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The index of `key`, a new one when it is new. */
  indexOf(key: number): number {
    let slot = this.slotOf(key);
    while (this.slots[slot] >= 0) {
      if (this.keys[slot] === key) return this.slots[slot];
      slot = (slot + 1) & this.mask;
    }
    this.keys[slot] = key;
    this.slots[slot] = this.count;
    if (++this.count * 2 > this.mask) this.grow();
    return this.count - 1;
  }

  private slotOf(key: number): number {
    const low = key >>> 0;
    const high = (key / 4294967296) >>> 0;
    return (Math.imul(low ^ Math.imul(high, 0x85ebca77), 0x9e3779b1) >>> 0) & this.mask;
  }

  private grow(): void {
    const { keys, slots } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.slots = new Int32Array(keys.length * 2).fill(-1);
    this.mask = keys.length * 2 - 1;
    for (let old = 0; old < keys.length; old++) {
      if (slots[old] < 0) continue;
      let slot = this.slotOf(keys[old]);
      while (this.slots[slot] >= 0) slot = (slot + 1) & this.mask;
      this.keys[slot] = keys[old];
      this.slots[slot] = slots[old];
    }
  }
}
