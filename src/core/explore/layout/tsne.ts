// t-SNE that scales: the perplexity-calibrated P over 3 · perplexity neighbours, repulsion by Barnes–Hut or
// FFT interpolation (or exactly, the reference for small tables), and openTSNE's optimiser: early exaggeration
// 12 for 250 iterations, learning rate n / exaggeration (Belkina et al. 2019), momentum 0.8, gains (Jacobs
// 1988) and steps clipped to length 5. Every iteration offers a snapshot, and stop keeps the layout as it is.
import { PROJECTION_DEFAULTS } from '../../../shared';
import type { DenseTable } from '../pca';
import { tsneAffinities } from './affinities';
import { beforeLayout, type LayoutContext } from './context';
import { initialLayout, scaleForTsne, type LayoutInit } from './init';
import { knnGraph, releaseGraphInputs } from './knn';
import { permuteRows, reorderGraph, unpermute } from './sparse';
import { createForces, gradientInto, tsneState, type TsneGradient } from './tsneGradient';

export interface TsneSettings {
  perplexity: number;
  /** Barnes–Hut accuracy: a cell of size s at distance d is one point when s / d < θ (0 walks every point). */
  theta: number;
  /** Exaggeration after the early phase (openTSNE `exaggeration`, 1 = none; Kobak & Berens suggest ~4 for big data). */
  exaggeration: number;
  /** Iterations in all (the first `earlyIterations` exaggerated by max(12, exaggeration)). */
  iterations: number;
  gradient: TsneGradient;
  init: LayoutInit;
}

const { perplexity, theta, exaggeration, iterations, init } = PROJECTION_DEFAULTS;
export const TSNE_DEFAULTS = { perplexity, theta, exaggeration, iterations, init };
const EARLY_EXAGGERATION = 12;
const EARLY_ITERATIONS = 250;
const MOMENTUM = 0.8;
const MIN_GAIN = 0.01;
const MAX_STEP = 5;

/** Iterations with the early exaggeration: 250 of the default 750, a third when fewer are asked for. */
export const earlyIterations = (iterations: number): number => Math.min(EARLY_ITERATIONS, Math.round(iterations / 3));

export interface LayoutResult {
  /** n × 2, row-major. */
  coords: Float32Array;
  /** Iterations (or epochs) run; fewer than asked when stopped. */
  iterations: number;
  stopped: boolean;
}

export function toFloat32(y: Float64Array): Float32Array {
  return Float32Array.from(y);
}

export async function tsneLayout(table: DenseTable, s: TsneSettings, ctx: LayoutContext): Promise<LayoutResult> {
  const n = table.rows;
  const y = initialLayout(table, s.init, ctx.seed, ctx.alloc);
  scaleForTsne(y, n);
  ctx.progress('init', 1);
  ctx.offerSnapshot(() => toFloat32(y), 0);
  if (n < 2) return { coords: toFloat32(y), iterations: 0, stopped: false };
  if (await ctx.checkpoint()) return { coords: toFloat32(y), iterations: 0, stopped: true };

  // Exact t-SNE calibrates every row over all other points; the fast ones over 3 · perplexity neighbours.
  const exact = s.gradient === 'exact';
  const k = exact ? n - 1 : Math.min(n - 1, Math.floor(3 * s.perplexity));
  const graph = await beforeLayout(async () => {
    const knn = await knnGraph(table, k, ctx, exact ? 'exact' : 'auto');
    const order = reorderGraph(knn.indices, knn.distances, n, k);
    return { order, p: await tsneAffinities(knn, s.perplexity, ctx) };
  });
  // Stopped before the layout began: the start layout is the map.
  if (!graph) return { coords: toFloat32(y), iterations: 0, stopped: true };
  releaseGraphInputs(ctx.alloc, 'conditional affinities');
  // From here on points sit in neighbour order (faster); what leaves this function is in row order again.
  const { order, p } = graph;
  permuteRows(y, 2, order);
  const coords = (): Float32Array => unpermute(y, order);

  const state = tsneState(ctx, y, p);
  const forces = createForces(s.gradient, state, n, s.theta, ctx);
  const grad = ctx.alloc.f64('gradient', 2 * n);
  const update = ctx.alloc.f64('updates', 2 * n);
  const gains = ctx.alloc.f64('gains', 2 * n).fill(1);
  const early = earlyIterations(s.iterations);
  const lateExaggeration = s.exaggeration;
  const earlyExaggeration = Math.max(EARLY_EXAGGERATION, lateExaggeration);
  for (let iter = 0; iter < s.iterations; iter++) {
    const exaggeration = iter < early ? earlyExaggeration : lateExaggeration;
    const z = await forces(exaggeration);
    gradientInto(state, z, grad);
    step(y, grad, update, gains, n / exaggeration);
    ctx.progress('layout', (iter + 1) / s.iterations, { done: iter + 1, of: s.iterations });
    ctx.offerSnapshot(coords, iter + 1);
    if (await ctx.checkpoint()) return { coords: coords(), iterations: iter + 1, stopped: true };
  }
  return { coords: coords(), iterations: s.iterations, stopped: false };
}

/** One step of gradient descent with momentum and per-coordinate gains, steps clipped, the map re-centred. */
function step(y: Float64Array, grad: Float64Array, update: Float64Array, gains: Float64Array, rate: number): void {
  const n = y.length / 2;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 2 * i; c < 2 * i + 2; c++) {
      // The gain grows where the gradient turned against the last step and shrinks where it keeps going.
      const flipped = Math.sign(update[c]!) !== Math.sign(grad[c]!);
      gains[c] = flipped ? gains[c]! + 0.2 : gains[c]! * 0.8 + MIN_GAIN;
      update[c] = MOMENTUM * update[c]! - rate * gains[c]! * grad[c]!;
    }
    const norm = Math.hypot(update[2 * i]!, update[2 * i + 1]!);
    if (norm > MAX_STEP) {
      update[2 * i]! *= MAX_STEP / norm;
      update[2 * i + 1]! *= MAX_STEP / norm;
    }
    y[2 * i]! += update[2 * i]!;
    y[2 * i + 1]! += update[2 * i + 1]!;
    mx += y[2 * i]!;
    my += y[2 * i + 1]!;
  }
  mx /= n;
  my /= n;
  for (let i = 0; i < n; i++) {
    y[2 * i]! -= mx;
    y[2 * i + 1]! -= my;
  }
}
