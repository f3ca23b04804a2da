// 2-D maps of a table for the Explore view and `ewb project`: exact PCA, UMAP (umap-js) on any number of rows,
// or exact-gradient t-SNE on the top rows.
import { UMAP } from 'umap-js';
import { WorkbenchError, type ProjectionMethod } from '../../shared';
import { createRng } from '../random';
import { defaultRows, pca, type DenseTable } from './pca';

export type { ProjectionMethod };

export interface ProjectOptions {
  method: ProjectionMethod;
  /** Seeds every random choice, so the same table and seed give the same map. */
  seed?: number;
  /** The table rows to project, in this order; default every row from 2 on (PAD and OOV left out). */
  rows?: Int32Array;
  /** Most rows to project: t-SNE defaults to 5,000 (the lowest indices ≥ 2, the most frequent); PCA to all. */
  maxRows?: number;
  /** t-SNE: the effective number of neighbours each point's Gaussian covers (default 30). */
  perplexity?: number;
  /** UMAP: size of the local neighbourhood (default 15). */
  neighbors?: number;
  /** UMAP: how tightly points may pack in the map (default 0.1). */
  minDist?: number;
  /** UMAP: optimisation epochs (umap-js's default: 500 up to 2,500 points, falling to 200 above 7,500). */
  epochs?: number;
  /** Called with 0 … 1 while the map is computed. */
  onProgress?: (fraction: number) => void;
  /** Stops a long t-SNE or UMAP between iterations with a `Cancelled` error. */
  signal?: AbortSignal;
}

export interface Projection {
  /** The table row of each point. */
  rows: Int32Array;
  x: Float32Array;
  y: Float32Array;
  /** PCA only: share of the variance along x and y. */
  explainedVariance?: number[];
}

export const TSNE_DEFAULT_MAX_ROWS = 5000;
/** Exact t-SNE keeps n²/2 distances and affinities as float32: 10,000 rows take 400 MB. */
export const TSNE_MAX_ROWS = 10_000;
export const DEFAULT_PERPLEXITY = 30;
export const DEFAULT_NEIGHBORS = 15;
export const DEFAULT_MIN_DIST = 0.1;

function positiveNumber(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new WorkbenchError('BadRequest', `${what} must be a number > 0 (got ${value})`);
  return value;
}

function wholeNumber(value: number | undefined, min: number, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min)
    throw new WorkbenchError('BadRequest', `${what} must be a whole number ≥ ${min} (got ${value})`);
  return value;
}

/** The rows a projection uses: `rows` if given, else the most frequent ones from row 2, cut to `maxRows`. */
function chooseRows(table: DenseTable, opts: ProjectOptions, defaultMax: number): Int32Array {
  const max = wholeNumber(opts.maxRows, 1, 'the row limit') ?? defaultMax;
  if (!opts.rows) return defaultRows(table, max);
  for (const r of opts.rows) {
    if (!Number.isInteger(r) || r < 0 || r >= table.rows)
      throw new WorkbenchError('BadRequest', `row ${r} is outside the table (0 … ${table.rows - 1})`);
  }
  return opts.rows.length > max ? opts.rows.slice(0, max) : opts.rows;
}

export async function projectTable(table: DenseTable, opts: ProjectOptions): Promise<Projection> {
  const seed = opts.seed ?? 1;
  if (opts.method === 'pca') {
    const rows = chooseRows(table, opts, Infinity);
    const result = pca(table, { seed, rows });
    const { x, y } = split(result.coords, result.components, result.rows.length);
    opts.onProgress?.(1);
    return { rows: result.rows, x, y, explainedVariance: result.explainedVariance.concat([0]).slice(0, 2) };
  }
  if (opts.method === 'umap') {
    const rows = chooseRows(table, opts, Infinity);
    const coords = await umap(table, rows, {
      seed,
      neighbors: wholeNumber(opts.neighbors, 2, 'UMAP neighbours') ?? DEFAULT_NEIGHBORS,
      minDist: opts.minDist === undefined ? DEFAULT_MIN_DIST : nonNegative(opts.minDist, 'UMAP min-dist'),
      epochs: wholeNumber(opts.epochs, 1, 'UMAP epochs'),
      onProgress: opts.onProgress,
      signal: opts.signal,
    });
    const { x, y } = split(coords, 2, rows.length);
    return { rows, x, y };
  }
  if (opts.method === 'tsne') {
    const rows = chooseRows(table, opts, TSNE_DEFAULT_MAX_ROWS);
    if (rows.length > TSNE_MAX_ROWS) {
      throw new WorkbenchError(
        'BadRequest',
        `exact t-SNE handles at most ${TSNE_MAX_ROWS.toLocaleString('en')} rows (asked for ${rows.length.toLocaleString('en')}): lower the limit, or use umap for the whole table`,
      );
    }
    const perplexity = positiveNumber(opts.perplexity, DEFAULT_PERPLEXITY, 't-SNE perplexity');
    const y = await tsne(table, rows, { seed, perplexity, onProgress: opts.onProgress, signal: opts.signal });
    const { x, y: yy } = split(y, 2, rows.length);
    return { rows, x, y: yy };
  }
  throw new WorkbenchError('BadRequest', `unknown projection method "${String(opts.method)}": use pca, umap or tsne`);
}

function nonNegative(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0)
    throw new WorkbenchError('BadRequest', `${what} must be a number ≥ 0 (got ${value})`);
  return value;
}

interface UmapOptions {
  seed: number;
  neighbors: number;
  minDist: number;
  epochs: number | undefined;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * Share of the progress bar given to umap-js's neighbour graph (NN-descent, then the fuzzy simplicial set),
 * one synchronous call; the rest is the layout, reported epoch by epoch. On 100-D clustered rows
 * (bench/project.ts) the graph took 44% of the time at 10,000 rows and 26% at 100,000: interpolated in log n.
 */
export function umapGraphShare(n: number): number {
  return Math.min(0.5, Math.max(0.2, 0.44 - 0.18 * (Math.log10(Math.max(n, 1)) - 4)));
}

/**
 * UMAP (McInnes, Healy & Melville 2018) by umap-js: approximate k-nearest neighbours by NN-descent over random
 * projection trees, the fuzzy graph, then stochastic layout epochs. Every random choice draws from one seeded
 * generator, so a seed reproduces the map. Returns n × 2 coordinates, row-major.
 */
async function umap(table: DenseTable, rows: Int32Array, opts: UmapOptions): Promise<Float64Array> {
  const n = rows.length;
  const out = new Float64Array(n * 2);
  if (n === 0) {
    opts.onProgress?.(1);
    return out;
  }
  if (n <= 2) {
    throw new WorkbenchError('BadRequest', `UMAP needs at least 3 rows (the table has ${n} to project): use pca`);
  }
  const { dim, data } = table;
  const vectors: number[][] = Array.from(rows, (r) => Array.from(data.subarray(r * dim, (r + 1) * dim)));
  const model = new UMAP({
    nComponents: 2,
    // umap-js needs more points than neighbours; a small table gets every other point as its neighbourhood.
    nNeighbors: Math.min(opts.neighbors, n - 1),
    minDist: opts.minDist,
    spread: Math.max(1, opts.minDist),
    nEpochs: opts.epochs ?? 0,
    random: createRng(opts.seed),
  });
  opts.onProgress?.(0);
  await yieldToEventLoop();
  const epochs = model.initializeFit(vectors);
  const graphShare = umapGraphShare(n);
  opts.onProgress?.(graphShare);
  let last = performance.now();
  for (let e = 0; e < epochs; e++) {
    model.step();
    if (performance.now() - last > 100 || e === epochs - 1) {
      opts.onProgress?.(graphShare + ((1 - graphShare) * (e + 1)) / epochs);
      await yieldToEventLoop();
      if (opts.signal?.aborted) throw new WorkbenchError('Cancelled', 'UMAP was cancelled');
      last = performance.now();
    }
  }
  const embedding = model.getEmbedding();
  for (let i = 0; i < n; i++) {
    out[i * 2] = embedding[i]![0]!;
    out[i * 2 + 1] = embedding[i]![1]!;
  }
  return out;
}

/** Splits row-major coordinates into x and y (y is 0 when there is only one component). */
function split(coords: Float32Array | Float64Array, k: number, n: number): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = coords[i * k]!;
    if (k > 1) y[i] = coords[i * k + 1]!;
  }
  return { x, y };
}

// Settings of van der Maaten & Hinton, "Visualizing Data using t-SNE" (JMLR 2008), with the exaggeration of
// 12 and learning rate max(200, n/12) of Belkina et al. (Nature Communications 2019) for larger n.
const EXAGGERATION = 12;
const EXAGGERATION_ITERATIONS = 250;
const ITERATIONS = 1000;
const MOMENTUM_EARLY = 0.5;
const MOMENTUM_LATE = 0.8;
const MIN_GAIN = 0.01;
/** Share of the progress bar spent on the affinities (one O(n² · dim) pass); the rest is the descent. */
const AFFINITY_SHARE = 0.1;

interface TsneOptions {
  seed: number;
  /** Default 30; capped at n − 1, the most neighbours a point has. */
  perplexity?: number;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** Index of pair (i, j), i < j, in a packed strict upper triangle of an n × n matrix. */
function pairIndex(i: number, j: number, n: number): number {
  return i * n - (i * (i + 1)) / 2 + (j - i - 1);
}

/**
 * Symmetric input affinities p_ij = (p_j|i + p_i|j) / 2n, packed upper triangle: each p_·|i is a Gaussian
 * whose precision is found by bisection so its perplexity is the one asked (30 by default) (van der Maaten & Hinton 2008, §2–3).
 */
function affinities(table: DenseTable, rows: Int32Array, perplexity: number): Float32Array {
  const { dim, data } = table;
  const n = rows.length;
  const dist = new Float32Array((n * (n - 1)) / 2);
  for (let i = 0; i < n; i++) {
    const oi = rows[i]! * dim;
    for (let j = i + 1; j < n; j++) {
      const oj = rows[j]! * dim;
      let s = 0;
      for (let d = 0; d < dim; d++) {
        const diff = data[oi + d]! - data[oj + d]!;
        s += diff * diff;
      }
      dist[pairIndex(i, j, n)] = s;
    }
  }
  const p = new Float32Array(dist.length); // float32 halves the memory read on every iteration
  const rowDist = new Float64Array(n);
  const rowP = new Float64Array(n);
  const target = Math.log(Math.min(perplexity, Math.max(1, n - 1)));
  for (let i = 0; i < n; i++) {
    let minD = Infinity;
    for (let j = 0; j < n; j++) {
      rowDist[j] = j === i ? 0 : dist[i < j ? pairIndex(i, j, n) : pairIndex(j, i, n)]!;
      if (j !== i) minD = Math.min(minD, rowDist[j]!);
    }
    // Distances shifted by the nearest one: the same normalised p, but exp never underflows to an all-zero row.
    let beta = 1 / Math.max(1e-12, meanOf(rowDist, i) - minD);
    let lo = 0;
    let hi = Infinity;
    for (let step = 0; step < 100; step++) {
      let sum = 0;
      let weighted = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const e = Math.exp(-beta * (rowDist[j]! - minD));
        rowP[j] = e;
        sum += e;
        weighted += e * (rowDist[j]! - minD);
      }
      const entropy = Math.log(sum) + (beta * weighted) / sum;
      const gap = entropy - target;
      for (let j = 0; j < n; j++) rowP[j]! /= sum;
      if (Math.abs(gap) < 1e-5) break;
      // Entropy falls as the precision rises.
      if (gap > 0) {
        lo = beta;
        beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = (beta + lo) / 2;
      }
    }
    for (let j = 0; j < n; j++) {
      if (j !== i) p[i < j ? pairIndex(i, j, n) : pairIndex(j, i, n)]! += rowP[j]! / (2 * n);
    }
  }
  return p;
}

function meanOf(values: Float64Array, skip: number): number {
  let s = 0;
  for (let j = 0; j < values.length; j++) if (j !== skip) s += values[j]!;
  return s / Math.max(1, values.length - 1);
}

/**
 * Exact-gradient t-SNE (van der Maaten & Hinton 2008): O(n²) per iteration, so callers cap n. Initialised
 * from PCA scaled to standard deviation 1e-4, which keeps global structure and makes runs reproducible
 * (Kobak & Linderman, Nature Biotechnology 2021). Returns n × 2 coordinates, row-major.
 */
export async function tsne(table: DenseTable, rows: Int32Array, opts: TsneOptions): Promise<Float64Array> {
  const n = rows.length;
  const y = new Float64Array(n * 2);
  if (n === 0) {
    opts.onProgress?.(1);
    return y;
  }
  const init = pca(table, { rows, seed: opts.seed, components: 2 });
  let sd = 0;
  for (let i = 0; i < n; i++) sd += init.coords[i * init.components]! ** 2;
  sd = Math.sqrt(sd / n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < Math.min(2, init.components); c++) {
      y[i * 2 + c] = sd > 0 ? (init.coords[i * init.components + c]! / sd) * 1e-4 : 0;
    }
  }
  if (n < 2) {
    opts.onProgress?.(1);
    return y;
  }
  const p = affinities(table, rows, opts.perplexity ?? DEFAULT_PERPLEXITY);
  opts.onProgress?.(AFFINITY_SHARE);
  await yieldToEventLoop();

  const learningRate = Math.max(200, n / 12);
  // Coordinates and forces in separate x and y arrays: the pair loop then reads and writes contiguous doubles.
  const yx = new Float64Array(n);
  const yy = new Float64Array(n);
  const forces: Forces = {
    ax: new Float64Array(n),
    ay: new Float64Array(n),
    rx: new Float64Array(n),
    ry: new Float64Array(n),
  };
  const update = new Float64Array(n * 2);
  const gains = new Float64Array(n * 2).fill(1);
  for (let iter = 0; iter < ITERATIONS; iter++) {
    const exaggeration = iter < EXAGGERATION_ITERATIONS ? EXAGGERATION : 1;
    const momentum = iter < EXAGGERATION_ITERATIONS ? MOMENTUM_EARLY : MOMENTUM_LATE;
    for (let i = 0; i < n; i++) {
      yx[i] = y[i * 2]!;
      yy[i] = y[i * 2 + 1]!;
    }
    let z = pairForces(yx, yy, p, exaggeration, forces);
    z *= 2; // the sum ran over i < j; Z counts both orders
    // Gains (Jacobs 1988), as in the paper's implementation: grow where the step keeps its direction.
    for (let e = 0; e < n * 2; e++) {
      const i = e >> 1;
      const attract = e & 1 ? forces.ay[i]! : forces.ax[i]!;
      const repulse = e & 1 ? forces.ry[i]! : forces.rx[i]!;
      const grad = 4 * (attract - repulse / z);
      const g = Math.sign(grad) !== Math.sign(update[e]!) ? gains[e]! + 0.2 : gains[e]! * 0.8;
      gains[e] = Math.max(MIN_GAIN, g);
      update[e] = momentum * update[e]! - learningRate * gains[e]! * grad;
      y[e]! += update[e]!;
    }
    recentre(y, n);
    if (iter % 10 === 9 || iter === ITERATIONS - 1) {
      opts.onProgress?.(AFFINITY_SHARE + ((1 - AFFINITY_SHARE) * (iter + 1)) / ITERATIONS);
      await yieldToEventLoop();
      if (opts.signal?.aborted) throw new WorkbenchError('Cancelled', 't-SNE was cancelled');
    }
  }
  return y;
}

/** Attractive (exaggerated p_ij w_ij) and repulsive (w_ij²) sums of y_i − y_j per point. */
interface Forces {
  ax: Float64Array;
  ay: Float64Array;
  rx: Float64Array;
  ry: Float64Array;
}

/**
 * One pass over the pairs i < j: ∂C/∂y_i = 4 Σ_j (p_ij − w_ij / Z) w_ij (y_i − y_j), w_ij = 1/(1 + ‖y_i − y_j‖²)
 * (van der Maaten & Hinton 2008, eq. 5), split into an attractive sum and a repulsive one divided by Z once
 * Z is known. Returns Σ_{i<j} w_ij. A function of its own so V8 optimises the hot loop alone.
 */
function pairForces(yx: Float64Array, yy: Float64Array, p: Float32Array, exaggeration: number, f: Forces): number {
  const n = yx.length;
  const { ax, ay, rx, ry } = f;
  ax.fill(0);
  ay.fill(0);
  rx.fill(0);
  ry.fill(0);
  let z = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const xi = yx[i]!;
    const yi = yy[i]!;
    let a0 = 0;
    let a1 = 0;
    let r0 = 0;
    let r1 = 0;
    for (let j = i + 1; j < n; j++, k++) {
      const d0 = xi - yx[j]!;
      const d1 = yi - yy[j]!;
      const w = 1 / (1 + d0 * d0 + d1 * d1);
      z += w;
      const pa = exaggeration * p[k]! * w;
      const rw = w * w;
      a0 += pa * d0;
      a1 += pa * d1;
      r0 += rw * d0;
      r1 += rw * d1;
      ax[j]! -= pa * d0;
      ay[j]! -= pa * d1;
      rx[j]! -= rw * d0;
      ry[j]! -= rw * d1;
    }
    ax[i]! += a0;
    ay[i]! += a1;
    rx[i]! += r0;
    ry[i]! += r1;
  }
  return z;
}

/** The cost is translation-invariant; keeping the centroid at 0 only stops the map drifting. */
function recentre(y: Float64Array, n: number): void {
  let m0 = 0;
  let m1 = 0;
  for (let i = 0; i < n; i++) {
    m0 += y[i * 2]!;
    m1 += y[i * 2 + 1]!;
  }
  m0 /= n;
  m1 /= n;
  for (let i = 0; i < n; i++) {
    y[i * 2]! -= m0;
    y[i * 2 + 1]! -= m1;
  }
}

/** Lets progress events and cancellation through between iterations. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
