// UMAP's kernels (McInnes, Healy & Melville 2018, as umap-learn 0.5 computes them): the smooth k-NN distances
// that turn neighbour distances into fuzzy memberships, and the layout's stochastic gradient epochs.
//
// An epoch runs over fixed chunks of head points with no two threads writing the same memory, so a seed gives
// the same map with any number of threads: a chunk moves its own points at once and reads every other point
// as it was when the epoch began; the moves of a tail outside the chunk are kept per edge and added in a
// second pass, each point summing its own in edge order. Each chunk draws its negative samples from a
// generator seeded by (seed, epoch, chunk).

import { tablePow } from './powerTable';

export const UMAP_CHUNK = 1024;
const SMOOTH_STEPS = 64;
const SMOOTH_TOLERANCE = 1e-5;
/** umap-learn's MIN_K_DIST_SCALE: no σ below this share of the mean neighbour distance. */
const MIN_SIGMA_SCALE = 1e-3;

export interface UmapState {
  knnDist: Float32Array;
  /** n × k memberships of the directed neighbour graph (the smooth step's output). */
  knnW: Float32Array;
  /** n × 2 positions, moved in place; `snap` holds them as they were when the epoch began. */
  y: Float32Array;
  snap: Float32Array;
  rowPtr: Int32Array;
  col: Int32Array;
  /** Index of each edge's reverse in the symmetric graph. */
  rev: Int32Array;
  /** Epochs between samples of an edge (−1: never, its weight is below max / epochs). */
  epochsPerSample: Float32Array;
  nextSample: Float32Array;
  nextNegative: Float32Array;
  /** n-edge × 2 moves of tails outside the head's chunk, added in the apply pass. */
  deferred: Float32Array;
  /** x^b by cell (powerTable.ts). */
  powers: Float64Array;
}

export interface SmoothParams {
  n: number;
  k: number;
  /** log2 of the neighbourhood size (self included, as umap-learn counts it). */
  target: number;
  meanDistance: number;
}

export interface UmapParams {
  n: number;
  epoch: number;
  alpha: number;
  a: number;
  b: number;
  negativeRate: number;
  seed: number;
}

/** Kernel: σ and ρ of each row of a chunk by bisection, then its memberships exp(−(d − ρ) / σ). */
export function umapSmoothChunk(s: UmapState, p: SmoothParams, chunk: number): void {
  const { k, target } = p;
  const d = s.knnDist;
  const hi = Math.min(p.n, (chunk + 1) * UMAP_CHUNK);
  for (let i = chunk * UMAP_CHUNK; i < hi; i++) {
    const base = i * k;
    // ρ: distance to the nearest neighbour that is not a duplicate (local connectivity 1).
    let rho = 0;
    let mean = 0;
    for (let t = 0; t < k; t++) {
      mean += d[base + t]!;
      if (rho === 0 && d[base + t]! > 0) rho = d[base + t]!;
    }
    mean /= k;
    let lo = 0;
    let up = Infinity;
    let sigma = 1;
    for (let step = 0; step < SMOOTH_STEPS; step++) {
      let sum = 0;
      for (let t = 0; t < k; t++) {
        const gap = d[base + t]! - rho;
        sum += gap > 0 ? Math.exp(-gap / sigma) : 1;
      }
      if (Math.abs(sum - target) < SMOOTH_TOLERANCE) break;
      if (sum > target) {
        up = sigma;
        sigma = (lo + up) / 2;
      } else {
        lo = sigma;
        sigma = up === Infinity ? sigma * 2 : (lo + up) / 2;
      }
    }
    sigma = Math.max(sigma, MIN_SIGMA_SCALE * (rho > 0 ? mean : p.meanDistance));
    for (let t = 0; t < k; t++) {
      const gap = d[base + t]! - rho;
      s.knnW[base + t] = gap <= 0 ? 1 : Math.exp(-gap / sigma);
    }
  }
}

const clip = (v: number): number => (v > 4 ? 4 : v < -4 ? -4 : v);

/** −2ab d^(2(b−1)) / (1 + a d^2b) for d² > 0, with one power (`pb` = d^2b): d^(2(b−1)) = d^2b / d². */
export const attraction = (d2: number, pb: number, a: number, b: number): number =>
  (-2 * a * b * pb) / (d2 * (a * pb + 1));

/** 2b / ((0.001 + d²)(1 + a d^2b)), the 0.001 keeping it finite at d = 0 (umap-learn). */
export const repulsion = (d2: number, pb: number, a: number, b: number): number =>
  (2 * b) / ((0.001 + d2) * (a * pb + 1));

/** A 32-bit generator state from (seed, epoch, chunk), never 0 (xorshift's fixed point). */
function streamSeed(seed: number, epoch: number, chunk: number): number {
  let h =
    Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(epoch + 1, 0xc2b2ae35) ^ Math.imul(chunk + 1, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h === 0 ? 0x6d2b79f5 : h;
}

/** Kernel: one epoch of attraction along sampled edges and repulsion from negative samples, for a chunk. */
export function umapEpochChunk(s: UmapState, p: UmapParams, chunk: number): void {
  const { y, snap, rowPtr, col, epochsPerSample, nextSample, nextNegative, deferred, powers } = s;
  const { n, epoch, alpha, a, b, negativeRate } = p;
  const lo = chunk * UMAP_CHUNK;
  const hi = Math.min(n, lo + UMAP_CHUNK);
  let rng = streamSeed(p.seed, epoch, chunk);
  for (let i = lo; i < hi; i++) {
    for (let e = rowPtr[i]!; e < rowPtr[i + 1]!; e++) {
      const every = epochsPerSample[e]!;
      if (every < 0 || nextSample[e]! > epoch) continue;
      const j = col[e]!;
      const own = j >= lo && j < hi;
      const src = own ? y : snap;
      let dx = y[2 * i]! - src[2 * j]!;
      let dy = y[2 * i + 1]! - src[2 * j + 1]!;
      let d2 = dx * dx + dy * dy;
      // Attraction: the gradient of log(1 / (1 + a d^2b)), clipped to ±4 per coordinate.
      const ga = d2 > 0 ? attraction(d2, tablePow(powers, d2), a, b) : 0;
      const mx = clip(ga * dx) * alpha;
      const my = clip(ga * dy) * alpha;
      y[2 * i]! += mx;
      y[2 * i + 1]! += my;
      if (own) {
        y[2 * j]! -= mx;
        y[2 * j + 1]! -= my;
      } else {
        deferred[2 * e] = -mx;
        deferred[2 * e + 1] = -my;
      }
      nextSample[e]! += every;
      const perNegative = every / negativeRate;
      const negatives = Math.floor((epoch - nextNegative[e]!) / perNegative);
      for (let q = 0; q < negatives; q++) {
        rng ^= rng << 13;
        rng ^= rng >>> 17;
        rng ^= rng << 5;
        const k = (rng >>> 0) % n;
        if (k === i) continue;
        const other = k >= lo && k < hi ? y : snap;
        dx = y[2 * i]! - other[2 * k]!;
        dy = y[2 * i + 1]! - other[2 * k + 1]!;
        d2 = dx * dx + dy * dy;
        if (d2 <= 0) continue;
        // Repulsion: the gradient of log(1 − 1 / (1 + a d^2b)), with 0.001 keeping it finite (umap-learn).
        const gr = repulsion(d2, tablePow(powers, d2), a, b);
        y[2 * i]! += clip(gr * dx) * alpha;
        y[2 * i + 1]! += clip(gr * dy) * alpha;
      }
      nextNegative[e]! += negatives * perNegative;
    }
  }
}

/** Kernel: each point of a chunk takes the moves its edges' heads left for it, in edge order. */
export function umapApplyChunk(s: UmapState, p: UmapParams, chunk: number): void {
  const { y, rowPtr, rev, deferred } = s;
  const lo = chunk * UMAP_CHUNK;
  const hi = Math.min(p.n, lo + UMAP_CHUNK);
  for (let j = lo; j < hi; j++) {
    for (let e = rowPtr[j]!; e < rowPtr[j + 1]!; e++) {
      const from = rev[e]!;
      y[2 * j]! += deferred[2 * from]!;
      y[2 * j + 1]! += deferred[2 * from + 1]!;
      deferred[2 * from] = 0;
      deferred[2 * from + 1] = 0;
    }
  }
}
