// The k-nearest-neighbour graph both map layouts start from (Euclidean, self excluded, nearest first): exact
// for small tables, else from an HNSW index (hnswlib-node, as annIndex.ts uses) built here and queried by every
// thread of the pool. Both are deterministic: the HNSW graph is built in row order with a fixed seed.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkbenchError } from '../../../shared';
import type { VectorTable } from '../../../shared';
import { stopPoint, type LayoutContext } from './context';
import { EXACT_KNN_MAX_ROWS, hnsw, KNN_CHUNK, loaded, MAP_HNSW, rowArray } from './knnSearch';
import { hnswBytes, type Allocator } from './memory';

export interface KnnGraph {
  n: number;
  k: number;
  /** n × k neighbour rows, nearest first. */
  indices: Int32Array;
  /** n × k Euclidean distances, ascending. */
  distances: Float32Array;
}

/** Progress steps of the query stage (each a pool run over a slice of the chunks). */
const QUERY_STEPS = 20;
const BUILD_YIELD_EVERY = 1024;

export async function knnGraph(
  table: VectorTable,
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
