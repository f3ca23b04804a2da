// The `embeddings:project` handler's work: which rows of a run's table to map, the map computed on a worker
// thread with throttled progress events, and the answer with each point's key, count and metadata.
import type { ProjectRequest, ProjectResult, ProjectionProgress } from '../../shared';
import { PROJECTION_METHODS, WorkbenchError } from '../../shared';
import { formatFloat32 } from '../tables/floatText';
import { OOV_KEY, PAD_KEY } from '../tables/tableRows';
import type { NodeEntry } from '../runtime';
import { compactTable, runProjection, type ProjectionTask } from './projectJob';
import { TSNE_DEFAULT_MAX_ROWS, TSNE_MAX_ROWS } from './project';
import type { LoadedTable } from './tableAccess';

/** Progress events at most this often (the worker reports far more often on small tables). */
const PROGRESS_INTERVAL_MS = 100;

export interface ProjectionPoints {
  /** Table rows, in vocabulary order (PAD and OOV first when asked for). */
  rows: Int32Array;
  keys: string[];
  counts: number[];
  titles: (string | null)[];
  genres: string[][];
}

/** The rows a request maps: the `limit` most frequent (lowest vocabulary index), PAD/OOV first on request. */
export function projectionPoints(
  t: LoadedTable,
  req: Pick<ProjectRequest, 'method' | 'limit' | 'includeSpecial'>,
): ProjectionPoints {
  const limit = req.limit ?? (req.method === 'tsne' ? TSNE_DEFAULT_MAX_ROWS : undefined);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new WorkbenchError('BadRequest', `limit must be a whole number ≥ 1 (got ${limit})`);
  if (req.method === 'tsne' && limit !== undefined && limit > TSNE_MAX_ROWS)
    throw new WorkbenchError(
      'BadRequest',
      `exact t-SNE maps at most ${TSNE_MAX_ROWS.toLocaleString('en')} rows (limit ${limit.toLocaleString('en')}): lower the limit, or use umap for the whole table`,
    );
  const entries = t.vocab
    .filter((v) => v.idx >= 2 && v.idx < t.table.rows)
    .sort((a, b) => a.idx - b.idx)
    .slice(0, limit);
  const special = req.includeSpecial === true && t.table.rows >= 2;
  const points: ProjectionPoints = {
    rows: new Int32Array(entries.length + (special ? 2 : 0)),
    keys: [],
    counts: [],
    titles: [],
    genres: [],
  };
  let at = 0;
  if (special) {
    for (const [row, key] of [
      [0, PAD_KEY],
      [1, OOV_KEY],
    ] as const) {
      points.rows[at++] = row;
      points.keys.push(key);
      points.counts.push(0);
      points.titles.push(null);
      points.genres.push([]);
    }
  }
  for (const v of entries) {
    points.rows[at++] = v.idx;
    points.keys.push(v.key);
    points.counts.push(v.count);
    points.titles.push(v.title);
    points.genres.push(v.genres);
  }
  return points;
}

/** A float32 coordinate as the shortest double that reads back to it: JSON then carries 8 digits, not 17. */
const short = (v: number): number => Number(formatFloat32(v));

export interface ProjectHooks {
  projectionId: string;
  onProgress: (p: ProjectionProgress) => void;
  /** Receives the running task so the caller can cancel it. */
  onStart: (task: ProjectionTask) => void;
}

export async function projectRun(
  t: LoadedTable,
  req: ProjectRequest,
  workerEntry: NodeEntry,
  hooks: ProjectHooks,
): Promise<ProjectResult> {
  if (!PROJECTION_METHODS.includes(req.method))
    throw new WorkbenchError(
      'BadRequest',
      `method is one of ${PROJECTION_METHODS.join(', ')} (got ${String(req.method)})`,
    );
  const started = performance.now();
  const points = projectionPoints(t, req);
  const n = points.rows.length;
  const seed = req.seed ?? 1;
  if (!Number.isInteger(seed)) throw new WorkbenchError('BadRequest', `seed must be a whole number (got ${seed})`);
  const options: ProjectResult['options'] = {
    seed,
    limit: req.limit ?? (req.method === 'tsne' ? TSNE_DEFAULT_MAX_ROWS : null),
    includeSpecial: req.includeSpecial === true,
  };
  if (req.method === 'tsne') options.perplexity = req.perplexity ?? 30;
  if (req.method === 'umap') {
    options.neighbors = req.neighbors ?? 15;
    options.minDist = req.minDist ?? 0.1;
    if (req.epochs !== undefined) options.epochs = req.epochs;
  }
  const base = { projectionId: hooks.projectionId, runId: req.runId, table: req.table, method: req.method, points: n };
  let lastSent = 0;
  const progress = (fraction: number): void => {
    const now = performance.now();
    if (fraction < 1 && fraction > 0 && now - lastSent < PROGRESS_INTERVAL_MS) return;
    lastSent = now;
    const elapsed = (now - started) / 1000;
    const etaSeconds =
      fraction >= 0.02 && fraction < 1 ? (elapsed * (1 - fraction)) / fraction : fraction >= 1 ? 0 : null;
    hooks.onProgress({ ...base, fraction, etaSeconds });
  };
  progress(0);
  const task = runProjection(
    workerEntry,
    compactTable(t.table, points.rows),
    {
      method: req.method,
      seed,
      perplexity: options.perplexity,
      neighbors: options.neighbors,
      minDist: options.minDist,
      epochs: options.epochs,
    },
    (fraction) => {
      // The closing 1 is sent below, once the answer is built.
      if (fraction < 1) progress(fraction);
    },
  );
  hooks.onStart(task);
  const mapped = await task.result;
  progress(1);
  return {
    type: 'result',
    projectionId: hooks.projectionId,
    runId: req.runId,
    table: req.table,
    method: req.method,
    keys: points.keys,
    x: Array.from(mapped.x, short),
    y: Array.from(mapped.y, short),
    counts: points.counts,
    titles: points.titles,
    genres: points.genres,
    explainedVariance: mapped.explainedVariance,
    dim: t.table.dim,
    options,
    seconds: (performance.now() - started) / 1000,
  };
}
