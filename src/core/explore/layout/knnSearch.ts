// Searching the map's neighbour graph on every thread of the layout pool: the HNSW index (hnswlib-node) loaded
// once per thread from the file the building thread wrote, and the kernel that queries it chunk by chunk.
import { createRequire } from 'node:module';
import type { HierarchicalNSW } from 'hnswlib-node';
import { WorkbenchError } from '../../../shared';

/** Up to this many rows the graph is exact (n² · dim work, a second or two); above, HNSW. */
export const EXACT_KNN_MAX_ROWS = 4096;
/** HNSW settings for maps: lower than annIndex's search defaults, as a map needs most neighbours, not all. */
export const MAP_HNSW = { m: 16, efConstruction: 100, seed: 100 };
/** Query rows per chunk of the pool. */
export const KNN_CHUNK = 256;
export interface KnnState {
  data: Float32Array;
  knnIdx: Int32Array;
  knnDist: Float32Array;
  norms?: Float64Array;
  indexPath?: string;
}

export interface KnnParams {
  n: number;
  dim: number;
  k: number;
  /** The first chunk of this run (the query stage runs in slices for its progress). */
  first: number;
}

type HnswModule = typeof import('hnswlib-node');
let hnswModule: HnswModule | null = null;
export function hnsw(): HnswModule {
  if (!hnswModule) {
    try {
      hnswModule = createRequire(import.meta.url)('hnswlib-node') as HnswModule;
    } catch (err) {
      throw new WorkbenchError(
        'Internal',
        `maps of more than ${EXACT_KNN_MAX_ROWS} rows need the native module hnswlib-node, which did not load (${err instanceof Error ? err.message : String(err)}): run npm ci, or map at most ${EXACT_KNN_MAX_ROWS} rows`,
      );
    }
  }
  return hnswModule;
}

/** Indexes loaded in this thread, by file: the building thread registers its own, helpers read the file. */
export const loaded = new Map<string, HierarchicalNSW>();

/** A helper drops every index but the one its state names (none once the query stage is over). */
export function keepOnlyIndex(path: unknown): void {
  for (const p of loaded.keys()) if (p !== path) loaded.delete(p);
}

export const rowArray = (data: Float32Array, i: number, dim: number): number[] =>
  Array.from(data.subarray(i * dim, (i + 1) * dim));

function indexAt(path: string, dim: number): HierarchicalNSW {
  let index = loaded.get(path);
  if (!index) {
    index = new (hnsw().HierarchicalNSW)('l2', dim);
    index.readIndexSync(path);
    loaded.set(path, index);
  }
  return index;
}

/** Kernel: the k nearest rows of each row of a chunk, by HNSW search (ef a little above k). */
export function knnHnswChunk(s: KnnState, p: KnnParams, chunk: number): void {
  const { n, dim, k } = p;
  const index = indexAt(s.indexPath!, dim);
  // Candidates a little beyond k: recall 0.94 at k 90 and 0.96 at k 14 on the bench's 100,000 × 64 rows.
  index.setEf(Math.max(64, k + 10));
  const lo = (p.first + chunk) * KNN_CHUNK;
  const hi = Math.min(n, lo + KNN_CHUNK);
  for (let i = lo; i < hi; i++) {
    const found = index.searchKnn(rowArray(s.data, i, dim), Math.min(n, k + 1));
    const order = found.neighbors
      .map((row, t) => ({ row, d: found.distances[t]! }))
      .filter((x) => x.row !== i)
      .sort((a, b) => a.d - b.d || a.row - b.row);
    for (let t = 0; t < k; t++) {
      const hit = order[t] ?? order[order.length - 1]!;
      s.knnIdx[i * k + t] = hit.row;
      // hnswlib's l2 space answers squared distances.
      s.knnDist[i * k + t] = Math.sqrt(Math.max(0, hit.d));
    }
  }
}
