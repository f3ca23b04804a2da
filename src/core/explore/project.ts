// 2-D maps of a table for the Explore view and `ewb project`: exact PCA, or t-SNE and UMAP laid out on a pool
// of threads (layout/), with progress by stage, snapshots of the moving layout, pause, resume and stop.
import type { VectorTable } from '../../shared';
import { availableParallelism } from 'node:os';
import type { ProjectionMethod, ProjectRequest, TsneGradientMethod } from '../../shared';
import { LAYOUT_INITS, TSNE_GRADIENTS, WorkbenchError } from '../../shared';
import { nodeEntry, type NodeEntry } from '../runtime';
import { defaultRows, pca } from './pca';
import { createLayoutContext, LayoutControl, type LayoutContext, type StageProgress } from './layout/context';
import type { Allocator } from './layout/memory';
import { createPool } from './layout/pool';
import { TSNE_DEFAULTS, tsneLayout, type LayoutResult } from './layout/tsne';
import { defaultEpochs, UMAP_DEFAULTS, umapLayout } from './layout/umap';
import { compactTable } from './compactTable';

export type { ProjectionMethod, StageProgress };
export { LayoutControl };

/** The request's options (their meaning and defaults are ProjectRequest's), for a table in memory. */
export interface ProjectOptions extends Pick<ProjectRequest, MethodOption> {
  method: ProjectionMethod;
  /** The table rows to project, in this order; default every row from 2 on (PAD and OOV left out). */
  rows?: Int32Array;
  /** Most rows to project (default all). */
  maxRows?: number;
  /** The projection worker's entry, started as helper threads (default: the source file, run through tsx). */
  helperEntry?: NodeEntry;
  /** Called with 0 … 1 overall and the stage, at every step (callers throttle). */
  onProgress?: (fraction: number, stage: StageProgress) => void;
  /** Receives the moving layout (n × 2, row-major) at most every `snapshotEveryMs`. */
  onSnapshot?: (coords: Float32Array, iteration: number) => void;
  snapshotEveryMs?: number;
  /** Pause, resume and stop from outside. */
  control?: LayoutControl;
  /** Stops between steps with a `Cancelled` error. */
  signal?: AbortSignal;
  /** Counts the arrays the layout allocates (tests state the memory bound with it). */
  allocator?: Allocator;
}

type MethodOption =
  | 'seed'
  | 'perplexity'
  | 'theta'
  | 'exaggeration'
  | 'iterations'
  | 'gradient'
  | 'init'
  | 'neighbors'
  | 'minDist'
  | 'epochs'
  | 'threads';

export interface Projection {
  /** The table row of each point. */
  rows: Int32Array;
  x: Float32Array;
  y: Float32Array;
  /** PCA only: share of the variance along x and y. */
  explainedVariance?: number[];
  /** t-SNE iterations or UMAP epochs run (fewer than planned when stopped). */
  iterations?: number;
  /** Stopped by the control: the layout as it was. */
  stopped?: boolean;
  /** t-SNE: the repulsion method used (what `auto` chose). */
  gradient?: Exclude<TsneGradientMethod, 'auto'>;
}

/** Exact t-SNE keeps every pair's affinity (n² · 8 bytes): 5,000 rows take 200 MB. */
export const EXACT_TSNE_MAX_ROWS = 5000;
/** t-SNE's `auto` uses Barnes–Hut below this many rows and FFT interpolation from it (bench/project.ts). */
export const FFT_MIN_ROWS = 7_500;
/** Below this many rows one thread is faster than starting helpers. */
export const PARALLEL_MIN_ROWS = 5000;
function positiveNumber(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new WorkbenchError('BadRequest', `${what} must be a number > 0 (got ${value})`);
  return value;
}

function nonNegative(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0)
    throw new WorkbenchError('BadRequest', `${what} must be a number ≥ 0 (got ${value})`);
  return value;
}

function wholeNumber(value: number | undefined, min: number, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min)
    throw new WorkbenchError('BadRequest', `${what} must be a whole number ≥ ${min} (got ${value})`);
  return value;
}

function oneOf<T extends string>(value: T | undefined, allowed: readonly T[], fallback: T, what: string): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value))
    throw new WorkbenchError('BadRequest', `${what} is one of ${allowed.join(', ')} (got ${String(value)})`);
  return value;
}

/** The rows a projection uses: `rows` if given, else the most frequent ones from row 2, cut to `maxRows`. */
function chooseRows(table: VectorTable, opts: ProjectOptions): Int32Array {
  const max = wholeNumber(opts.maxRows, 1, 'the row limit') ?? Infinity;
  if (!opts.rows) return defaultRows(table, max);
  for (const r of opts.rows) {
    if (!Number.isInteger(r) || r < 0 || r >= table.rows)
      throw new WorkbenchError('BadRequest', `row ${r} is outside the table (0 … ${table.rows - 1})`);
  }
  return opts.rows.length > max ? opts.rows.slice(0, max) : opts.rows;
}

/** The repulsion t-SNE uses for n rows when asked for `gradient` (auto: Barnes–Hut when small, else FFT). */
export function tsneGradientFor(gradient: TsneGradientMethod, n: number): Exclude<TsneGradientMethod, 'auto'> {
  if (gradient !== 'auto') return gradient;
  return n < FFT_MIN_ROWS ? 'bh' : 'fft';
}

export const defaultThreads = (n: number): number =>
  n < PARALLEL_MIN_ROWS ? 1 : Math.max(1, Math.min(4, availableParallelism()));

export async function projectTable(table: VectorTable, opts: ProjectOptions): Promise<Projection> {
  const seed = opts.seed ?? 1;
  const method = opts.method;
  if (!['pca', 'umap', 'tsne'].includes(method))
    throw new WorkbenchError('BadRequest', `unknown projection method "${String(method)}": use pca, umap or tsne`);
  const rows = chooseRows(table, opts);
  const n = rows.length;
  if (method === 'pca') {
    const result = pca(table, { seed, rows });
    const { x, y } = split(result.coords, result.components, n);
    opts.onProgress?.(1, { stage: 'layout', stageFraction: 1 });
    return { rows: result.rows, x, y, explainedVariance: result.explainedVariance.concat([0]).slice(0, 2) };
  }
  const init = oneOf(opts.init, LAYOUT_INITS, TSNE_DEFAULTS.init, 'init');
  let run: (ctx: LayoutContext, points: VectorTable) => Promise<LayoutResult>;
  let gradient: Exclude<TsneGradientMethod, 'auto'> | undefined;
  if (method === 'tsne') {
    const iterations = wholeNumber(opts.iterations, 1, 't-SNE iterations') ?? TSNE_DEFAULTS.iterations;
    gradient = tsneGradientFor(oneOf(opts.gradient, TSNE_GRADIENTS, 'auto', 't-SNE gradient'), n);
    if (gradient === 'exact' && n > EXACT_TSNE_MAX_ROWS)
      throw new WorkbenchError(
        'BadRequest',
        `exact t-SNE maps at most ${EXACT_TSNE_MAX_ROWS.toLocaleString('en')} rows (asked for ${n.toLocaleString('en')}): lower the limit, or use gradient auto (Barnes–Hut or FFT)`,
      );
    const settings = {
      perplexity: positiveNumber(opts.perplexity, TSNE_DEFAULTS.perplexity, 't-SNE perplexity'),
      theta: nonNegative(opts.theta, TSNE_DEFAULTS.theta, 't-SNE theta'),
      exaggeration: positiveNumber(opts.exaggeration, TSNE_DEFAULTS.exaggeration, 't-SNE exaggeration'),
      iterations,
      gradient,
      init,
    };
    run = (ctx, points) => tsneLayout(points, settings, ctx);
  } else {
    const neighbors = wholeNumber(opts.neighbors, 2, 'UMAP neighbours') ?? UMAP_DEFAULTS.neighbors;
    if (n > 0 && n <= 2)
      throw new WorkbenchError('BadRequest', `UMAP needs at least 3 rows (the table has ${n} to project): use pca`);
    const settings = {
      // A small table gets every other point as its neighbourhood.
      neighbors: Math.min(neighbors, Math.max(2, n)),
      minDist: nonNegative(opts.minDist, UMAP_DEFAULTS.minDist, 'UMAP min-dist'),
      epochs: wholeNumber(opts.epochs, 1, 'UMAP epochs') ?? defaultEpochs(n),
      init,
    };
    run = (ctx, points) => umapLayout(points, settings, ctx);
  }
  if (n === 0) {
    opts.onProgress?.(1, { stage: 'layout', stageFraction: 1 });
    return { rows, x: new Float32Array(0), y: new Float32Array(0), iterations: 0, stopped: false, gradient };
  }
  const threads = wholeNumber(opts.threads, 1, 'threads') ?? defaultThreads(n);
  const pool = createPool(threads, threads > 1 ? (opts.helperEntry ?? sourceEntry()) : null);
  const control = opts.control ?? new LayoutControl();
  const ctx = createLayoutContext(method, n, seed, opts, pool, control);
  try {
    const result = await run(ctx, compactTable(table, rows));
    ctx.progress('layout', 1);
    const { x, y } = split(result.coords, 2, n);
    return { rows, x, y, iterations: result.iterations, stopped: result.stopped, gradient };
  } finally {
    await pool.close();
  }
}

/** The projection worker beside this module, for helpers of an in-process layout (tests, bench). */
const sourceEntry = (): NodeEntry => nodeEntry(import.meta.url, 'projectWorker');

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
