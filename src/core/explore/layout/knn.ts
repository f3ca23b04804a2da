// The k-nearest-neighbour graph both map layouts start from (Euclidean, self excluded, nearest first): exact
// for small tables, else from an HNSW index (hnswlib-node, as annIndex.ts uses) built here and queried by every
// thread of the pool. Both are deterministic: the HNSW graph is built in row order with a fixed seed.
import { createRequire } from 'node:module';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HierarchicalNSW } from 'hnswlib-node';
import { WorkbenchError } from '../../../shared';
import type { DenseTable } from '../pca';
import { stopPoint, type LayoutContext } from './context';
import { hnswBytes, type Allocator } from './memory';

export interface KnnGraph {
  n: number;
  k: number;
  /** n × k neighbour rows, nearest first. */
  indices: Int32Array;
  /** n × k Euclidean distances, ascending. */
  distances: Float32Array;
}

/** Up to this many rows the graph is exact (n² · dim work, a second or two); above, HNSW. */
export const EXACT_KNN_MAX_ROWS = 4096;
/** HNSW settings for maps: lower than annIndex's search defaults, as a map needs most neighbours, not all. */
export const MAP_HNSW = { m: 16, efConstruction: 100, seed: 100 };
/** Query rows per chunk of the pool. */
export const KNN_CHUNK = 256;
/** Progress steps of the query stage (each a pool run over a slice of the chunks). */
const QUERY_STEPS = 20;
const BUILD_YIELD_EVERY = 1024;

export interface KnnState {
  data: Float32Array;
  knnIdx: Int32Array;
  knnDist: Float32Array;
  norms?: Float64Array;
  indexPath?: string;
}

export async function knnGraph(
  table: DenseTable,
  k: number,
  ctx: LayoutContext,
  search: 'auto' | 'exact' | 'hnsw' = 'auto',
): Promise<KnnGraph> {
  const n = table.rows;
  if (k < 1 || k > n - 1) throw new WorkbenchError('BadRequest', `cannot find ${k} neighbours among ${n} rows`);
  const { alloc, pool } = ctx;
  const data = alloc.f32('table (shared copy)', n * table.dim);
  data.set(table.data.subarray(0, n * table.dim));
  const knnIdx = alloc.i32('neighbour indices', n * k);
  const knnDist = alloc.f32('neighbour distances', n * k);
  const chunks = Math.ceil(n / KNN_CHUNK);
  const params = { n, dim: table.dim, k, first: 0 };
  const exact = search === 'exact' || (search === 'auto' && n <= EXACT_KNN_MAX_ROWS);
  let indexPath: string | undefined;
  try {
    if (exact) {
      const norms = alloc.f64('row norms', n);
      for (let i = 0; i < n; i++) norms[i] = sumSquares(data, i * table.dim, table.dim);
      pool.share({ data, knnIdx, knnDist, norms });
    } else {
      indexPath = await buildIndex(data, n, table.dim, ctx);
      pool.share({ data, knnIdx, knnDist, indexPath });
    }
    for (let step = 0; step < QUERY_STEPS; step++) {
      const from = Math.floor((step * chunks) / QUERY_STEPS);
      const to = Math.floor(((step + 1) * chunks) / QUERY_STEPS);
      if (to === from) continue;
      await pool.run(exact ? 'knnExact' : 'knnHnsw', to - from, { ...params, first: from });
      ctx.progress('neighbours', exact ? to / chunks : 0.5 + (0.5 * to) / chunks);
      await stopPoint(ctx);
    }
  } finally {
    if (indexPath) {
      // Every thread drops its copy of the graph (helpers on this share, see keepOnlyIndex).
      loaded.delete(indexPath);
      pool.share({ indexPath: '' });
      ctx.alloc.release('HNSW graph (per thread)');
      rmSync(indexPath, { force: true });
    }
  }
  return { n, k, indices: knnIdx, distances: knnDist };
}

/** Once the symmetric graph is built, the neighbour lists, their weights (`weights`) and the build's scratch go. */
export function releaseGraphInputs(alloc: Allocator, weights: string): void {
  for (const name of ['neighbour indices', 'neighbour distances', 'row norms', 'table (shared copy)', weights])
    alloc.release(name);
  for (const name of ['row order', 'transpose pointers', 'transpose sources', 'transpose positions'])
    alloc.release(`graph build: ${name}`);
}

function sumSquares(data: Float32Array, offset: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) s += data[offset + d]! * data[offset + d]!;
  return s;
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
function hnsw(): HnswModule {
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
const loaded = new Map<string, HierarchicalNSW>();

/** A helper drops every index but the one its state names (none once the query stage is over). */
export function keepOnlyIndex(path: unknown): void {
  for (const p of loaded.keys()) if (p !== path) loaded.delete(p);
}

const rowArray = (data: Float32Array, i: number, dim: number): number[] =>
  Array.from(data.subarray(i * dim, (i + 1) * dim));

/** Builds the HNSW graph of every row (first half of the stage's progress) and writes it for the helpers. */
async function buildIndex(data: Float32Array, n: number, dim: number, ctx: LayoutContext): Promise<string> {
  const index = new (hnsw().HierarchicalNSW)('l2', dim);
  index.initIndex({
    maxElements: n,
    m: MAP_HNSW.m,
    efConstruction: MAP_HNSW.efConstruction,
    randomSeed: MAP_HNSW.seed,
  });
  ctx.alloc.note('HNSW graph (per thread)', hnswBytes(n, dim, MAP_HNSW.m) * ctx.pool.threads);
  for (let i = 0; i < n; i++) {
    index.addPoint(rowArray(data, i, dim), i);
    if (i % BUILD_YIELD_EVERY === BUILD_YIELD_EVERY - 1) {
      ctx.progress('neighbours', (0.5 * (i + 1)) / n);
      await stopPoint(ctx);
    }
  }
  const path = join(tmpdir(), `ewb-map-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.hnsw`);
  if (ctx.pool.threads > 1) index.writeIndexSync(path);
  loaded.set(path, index);
  return path;
}

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
