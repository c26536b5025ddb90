/** Where a run's large typed arrays come from. */
export interface ArrayAllocator {
  /** Arrays in shared memory, which worker threads can read and write without a copy. */
  readonly shared: boolean;
  int32(length: number): Int32Array;
  float64(length: number): Float64Array;
}

/** Each array on its own: for small inputs (explanations, tests). */
export const SEPARATE_ARRAYS: ArrayAllocator = {
  shared: false,
  int32: (length) => new Int32Array(length),
  float64: (length) => new Float64Array(length),
};

const MIN_CHUNK_BYTES = 256 * 2 ** 20;

/**
 * Typed arrays cut from a few large buffers. V8 starts a full garbage collection whenever ArrayBuffer memory
 * has grown by 64 MB since the last one, and a full collection marks every object of the caller's heap (a
 * million input records: 1-3 s on two cores); a large run allocates over a gigabyte of typed arrays. From
 * big buffers that is a handful of collections instead of dozens. Memory is only taken when first written,
 * and given back when the run, which holds the arena, ends.
 */
export class ArrayArena implements ArrayAllocator {
  private buffer: ArrayBuffer | SharedArrayBuffer;
  private used = 0;

  constructor(
    readonly shared: boolean,
    initialBytes: number,
  ) {
    this.buffer = this.newBuffer(initialBytes);
  }

  int32(length: number): Int32Array {
    const offset = this.take(length * Int32Array.BYTES_PER_ELEMENT);
    return new Int32Array(this.buffer, offset, length);
  }

  float64(length: number): Float64Array {
    const offset = this.take(length * Float64Array.BYTES_PER_ELEMENT);
    return new Float64Array(this.buffer, offset, length);
  }

  /** Arrays come zeroed, like new ones. */
  private take(bytes: number): number {
    if (this.used + bytes > this.buffer.byteLength) {
      this.buffer = this.newBuffer(Math.max(bytes, MIN_CHUNK_BYTES));
      this.used = 0;
    }
    const offset = this.used;
    this.used += Math.ceil(bytes / 8) * 8;
    return offset;
  }

  private newBuffer(bytes: number): ArrayBuffer | SharedArrayBuffer {
    const size = Math.ceil(Math.max(bytes, 8) / 8) * 8;
    return this.shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size);
  }
}
