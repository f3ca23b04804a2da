// UMAP (McInnes, Healy & Melville, arXiv:1802.03426, 2018) in typed arrays on the layout pool: the neighbour
// graph (knn.ts), its fuzzy simplicial set (smooth k-NN distances, fuzzy union), then layout epochs from a PCA
// or random start, with umap-learn 0.5's defaults: 200 epochs above 10,000 rows (500 below), 5 negative
// samples per edge sample, learning rate falling linearly from 1, edges lighter than max / epochs dropped.
import { PROJECTION_DEFAULTS } from '../../../shared';
import type { VectorTable } from '../../../shared';
import { beforeLayout, type LayoutContext } from './context';
import { initialLayout, scaleForUmap, type LayoutInit } from './init';
import { knnGraph, releaseGraphInputs } from './knn';
import { POWER_TABLE_LENGTH, powerTable } from './powerTable';
import { permuteRows, reorderGraph, reverseEdges, symmetrise, unpermute } from './sparse';
import type { LayoutResult } from './tsne';
import { UMAP_CHUNK, type UmapState } from './umapLayout';

export interface UmapSettings {
  neighbors: number;
  minDist: number;
  /** Layout epochs; null: umap-learn's choice by size. */
  epochs: number | null;
  init: LayoutInit;
}

const { neighbors, minDist, init } = PROJECTION_DEFAULTS;
export const UMAP_DEFAULTS = { neighbors, minDist, init };
const NEGATIVE_RATE = 5;

export const defaultEpochs = (n: number): number => (n <= 10_000 ? 500 : 200);

/**
 * a and b of the map's similarity 1 / (1 + a d^2b), least-squares fitted (Levenberg–Marquardt) to 1 below
 * minDist and exp(−(d − minDist) / spread) beyond, on 300 points over [0, 3 · spread] (umap-learn's
 * find_ab_params). minDist 0.1, spread 1 give a ≈ 1.577, b ≈ 0.895.
 */
export function fitAB(minDist: number, spread: number): { a: number; b: number } {
  const xs = Array.from({ length: 300 }, (_, i) => (i * 3 * spread) / 299);
  const ys = xs.map((x) => (x < minDist ? 1 : Math.exp(-(x - minDist) / spread)));
  const residuals = (a: number, b: number): number =>
    xs.reduce((s, x, i) => s + (1 / (1 + a * x ** (2 * b)) - ys[i]!) ** 2, 0);
  let a = 1;
  let b = 1;
  let lambda = 1e-3;
  let cost = residuals(a, b);
  for (let it = 0; it < 200; it++) {
    // Normal equations of the Gauss–Newton step, damped (Levenberg–Marquardt).
    let jaa = 0;
    let jab = 0;
    let jbb = 0;
    let ga = 0;
    let gb = 0;
    xs.forEach((x, i) => {
      if (x <= 0) return;
      const p = x ** (2 * b);
      const f = 1 / (1 + a * p);
      const da = -p * f * f;
      const db = -a * p * 2 * Math.log(x) * f * f;
      const r = f - ys[i]!;
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * r;
      gb += db * r;
    });
    const m11 = jaa * (1 + lambda);
    const m22 = jbb * (1 + lambda);
    const det = m11 * m22 - jab * jab;
    const stepA = -(m22 * ga - jab * gb) / det;
    const stepB = -(m11 * gb - jab * ga) / det;
    const next = residuals(a + stepA, b + stepB);
    if (next < cost) {
      a += stepA;
      b += stepB;
      lambda /= 10;
      if (cost - next < 1e-14) break;
      cost = next;
    } else {
      lambda *= 10;
      if (lambda > 1e10) break;
    }
  }
  return { a, b };
}

export async function umapLayout(table: VectorTable, s: UmapSettings, ctx: LayoutContext): Promise<LayoutResult> {
  const n = table.rows;
  const { alloc, pool } = ctx;
  const y64 = initialLayout(table, s.init, ctx.seed, alloc);
  scaleForUmap(y64, n, ctx.seed);
  const y = alloc.f32('layout (float32)', 2 * n);
  y.set(y64);
  alloc.release('layout');
  ctx.progress('init', 1);
  ctx.offerSnapshot(() => y.slice(), 0);
  if (await ctx.checkpoint()) return { coords: y.slice(), iterations: 0, stopped: true };

  // umap-learn counts a point as its own first neighbour: n_neighbors 15 is 14 others.
  const k = Math.min(n - 1, s.neighbors - 1);
  const knn = await beforeLayout(() => knnGraph(table, k, ctx));
  // Stopped before the layout began: the start layout is the map.
  if (!knn) return { coords: y.slice(), iterations: 0, stopped: true };
  // From here on points sit in neighbour order (faster, and more edges within a chunk); what leaves this
  // function is in row order again.
  const order = reorderGraph(knn.indices, knn.distances, n, k);
  permuteRows(y, 2, order);
  const coords = (): Float32Array => unpermute(y, order);
  const chunks = Math.ceil(n / UMAP_CHUNK);
  const knnW = alloc.f32('memberships', n * k);
  let meanDistance = 0;
  for (let e = 0; e < n * k; e++) meanDistance += knn.distances[e]!;
  meanDistance /= n * k;
  pool.share({ knnDist: knn.distances, knnW });
  await pool.run('umapSmooth', chunks, { n, k, target: Math.log2(s.neighbors), meanDistance });
  ctx.progress('graph', 0.5);
  const graph = symmetrise(knn.indices, knnW, n, k, 'fuzzyUnion', alloc);
  const rev = reverseEdges(graph, alloc);
  releaseGraphInputs(alloc, 'memberships');

  const epochs = s.epochs ?? defaultEpochs(n);
  const edges = graph.col.length;
  let maxW = 0;
  for (let e = 0; e < edges; e++) maxW = Math.max(maxW, graph.val[e]!);
  const epochsPerSample = alloc.f32('epochs per sample', edges);
  const nextSample = alloc.f32('next sample', edges);
  const nextNegative = alloc.f32('next negative sample', edges);
  for (let e = 0; e < edges; e++) {
    const w = graph.val[e]!;
    const every = w >= maxW / epochs && w > 0 ? maxW / w : -1;
    epochsPerSample[e] = every;
    nextSample[e] = every;
    nextNegative[e] = every / NEGATIVE_RATE;
  }
  alloc.release('graph weights');
  const { a, b } = fitAB(s.minDist, Math.max(1, s.minDist));
  const state: Omit<UmapState, 'knnDist' | 'knnW'> = {
    y,
    snap: alloc.f32('layout at epoch start', 2 * n),
    rowPtr: graph.rowPtr,
    col: graph.col,
    rev,
    epochsPerSample,
    nextSample,
    nextNegative,
    deferred: alloc.f32('deferred tail moves', 2 * edges),
    powers: powerTable(b, alloc.f64('power table', POWER_TABLE_LENGTH)),
  };
  pool.share({ ...state });
  ctx.progress('graph', 1);

  for (let epoch = 0; epoch < epochs; epoch++) {
    state.snap.set(y);
    const params = { n, epoch, alpha: 1 - epoch / epochs, a, b, negativeRate: NEGATIVE_RATE, seed: ctx.seed };
    await pool.run('umapEpoch', chunks, params);
    await pool.run('umapApply', chunks, params);
    ctx.progress('layout', (epoch + 1) / epochs, { done: epoch + 1, of: epochs });
    ctx.offerSnapshot(coords, epoch + 1);
    if (await ctx.checkpoint()) return { coords: coords(), iterations: epoch + 1, stopped: true };
  }
  return { coords: coords(), iterations: epochs, stopped: false };
}
