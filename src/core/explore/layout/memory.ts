// Every large array a map layout allocates goes through one Allocator: the arrays live in SharedArrayBuffers
// (so helper threads see them) and their bytes are counted by name. The counts are how the memory bound of a
// layout is stated and tested: by structure (bytes of arrays held at once), not by watching the process.

export interface Allocator {
  f64(name: string, length: number): Float64Array;
  f32(name: string, length: number): Float32Array;
  i32(name: string, length: number): Int32Array;
  /** Memory held outside typed arrays (the HNSW graph in native code), counted like an allocation. */
  note(name: string, bytes: number): void;
  /** The array of this name is no longer used (its memory is the garbage collector's). */
  release(name: string): void;
  /** Bytes held now: an allocation under a name already held replaces it (a grid grown, a tree rebuilt). */
  readonly bytes: number;
  /** The most bytes held at once. */
  readonly peak: number;
  /** Bytes held now, by name. */
  readonly byName: ReadonlyMap<string, number>;
}

export function createAllocator(): Allocator {
  const byName = new Map<string, number>();
  let bytes = 0;
  let peak = 0;
  const hold = (name: string, b: number): void => {
    bytes += b - (byName.get(name) ?? 0);
    byName.set(name, b);
    peak = Math.max(peak, bytes);
  };
  const shared = (name: string, length: number, size: number): SharedArrayBuffer => {
    hold(name, length * size);
    return new SharedArrayBuffer(Math.max(0, length * size));
  };
  return {
    f64: (name, length) => new Float64Array(shared(name, length, 8)),
    f32: (name, length) => new Float32Array(shared(name, length, 4)),
    i32: (name, length) => new Int32Array(shared(name, length, 4)),
    note: hold,
    release(name) {
      bytes -= byName.get(name) ?? 0;
      byName.delete(name);
    },
    get bytes() {
      return bytes;
    },
    get peak() {
      return peak;
    },
    byName,
  };
}

/**
 * Bytes of hnswlib's in-memory graph for `rows` points of `dim` floats (hnswlib's hnswalg.h layout): per point
 * its vector, 2M level-0 links with their count, a label and a lock, plus upper levels (a share 1/M of points
 * per level, M links each).
 */
export function hnswBytes(rows: number, dim: number, m: number): number {
  const level0 = dim * 4 + (2 * m + 1) * 4 + 8 + 8;
  const upper = ((m + 1) * 4 + 16) / Math.max(1, m - 1);
  return Math.ceil(rows * (level0 + upper));
}
