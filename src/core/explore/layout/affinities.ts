// t-SNE's input affinities over the k-nearest-neighbour graph: each row's Gaussian calibrated to the
// perplexity asked (van der Maaten & Hinton 2008, §2), then symmetrised to p_ij = (p_j|i + p_i|j) / 2n, as
// Barnes–Hut t-SNE (van der Maaten 2014, §4.1) and openTSNE do with k = 3 · perplexity neighbours.
import { stopPoint, type LayoutContext } from './context';
import type { KnnGraph } from './knn';
import { symmetrise, type Csr } from './sparse';

export const PERPLEXITY_CHUNK = 1024;
const BISECTION_STEPS = 100;
const TOLERANCE = 1e-5;

export interface PerplexityState {
  knnDist: Float32Array;
  condP: Float32Array;
}
export interface PerplexityParams {
  n: number;
  k: number;
  perplexity: number;
}

/**
 * Writes p_j|i ∝ exp(−β (d_ij² − d_min²)) into `out` (summing to 1), with β found by bisection so that the
 * entropy is log(perplexity). Distances are shifted by the nearest one: the same normalised p, but exp never
 * underflows to an all-zero row.
 */
export function calibrateRow(d2: Float64Array, count: number, perplexity: number, out: Float64Array): void {
  let minD = Infinity;
  let mean = 0;
  for (let j = 0; j < count; j++) {
    minD = Math.min(minD, d2[j]!);
    mean += d2[j]!;
  }
  mean /= Math.max(1, count);
  const target = Math.log(Math.min(perplexity, Math.max(1, count)));
  let beta = 1 / Math.max(1e-12, mean - minD);
  let lo = 0;
  let hi = Infinity;
  for (let step = 0; step < BISECTION_STEPS; step++) {
    let sum = 0;
    let weighted = 0;
    for (let j = 0; j < count; j++) {
      const e = Math.exp(-beta * (d2[j]! - minD));
      out[j] = e;
      sum += e;
      weighted += e * (d2[j]! - minD);
    }
    const gap = Math.log(sum) + (beta * weighted) / sum - target;
    for (let j = 0; j < count; j++) out[j]! /= sum;
    if (Math.abs(gap) < TOLERANCE) return;
    // Entropy falls as the precision rises.
    if (gap > 0) {
      lo = beta;
      beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
    } else {
      hi = beta;
      beta = (beta + lo) / 2;
    }
  }
}

/** Kernel: the conditional probabilities of a chunk of rows. */
export function perplexityChunk(s: PerplexityState, p: PerplexityParams, chunk: number): void {
  const { n, k, perplexity } = p;
  const d2 = new Float64Array(k);
  const out = new Float64Array(k);
  const hi = Math.min(n, (chunk + 1) * PERPLEXITY_CHUNK);
  for (let i = chunk * PERPLEXITY_CHUNK; i < hi; i++) {
    for (let t = 0; t < k; t++) d2[t] = s.knnDist[i * k + t]! ** 2;
    calibrateRow(d2, k, perplexity, out);
    for (let t = 0; t < k; t++) s.condP[i * k + t] = out[t]!;
  }
}

/** The symmetric P of t-SNE (CSR, summing to 1) from the neighbour graph. */
export async function tsneAffinities(knn: KnnGraph, perplexity: number, ctx: LayoutContext): Promise<Csr> {
  const { n, k } = knn;
  const condP = ctx.alloc.f32('conditional affinities', n * k);
  ctx.pool.share({ knnDist: knn.distances, condP });
  await ctx.pool.run('perplexity', Math.ceil(n / PERPLEXITY_CHUNK), { n, k, perplexity });
  ctx.progress('affinities', 0.6);
  await stopPoint(ctx);
  const p = symmetrise(knn.indices, condP, n, k, 'mean', ctx.alloc);
  ctx.progress('affinities', 1);
  return p;
}
