// The `embeddings:project` handler's work: which rows of a run's table to map, the map read from the cache
// or computed on a worker thread with throttled progress events (and snapshots of the moving layout), and the
// answer with each point's key, count and metadata.
import type { MetaColumn, ProjectRequest, ProjectResult, ProjectionPoints, ProjectionProgress } from '../../shared';
import { WorkbenchError } from '../../shared';
import { OOV_KEY, PAD_KEY } from '../tables/tableRows';
import type { NodeEntry } from '../runtime';
import { metaColumnNames, type VocabEntry } from '../store/datasets';
import type { MapKey, StoredMap } from '../store/projections';
import { compactTable } from './compactTable';
import { runProjection, type ProjectionTask, type WorkerProjection } from './projectJob';
import { progressEvents, short } from './projectProgress';
import { mapOptions, settingsKey, tableHash } from './projectSettings';
import { eligibleRows } from './support';
import type { LoadedTable } from './tableAccess';

/** The points of a request: table rows in vocabulary order (PAD and OOV first when asked for), with metadata. */
export interface MapPoints extends ProjectionPoints {
  rows: Int32Array;
}

/**
 * The rows a request maps: the `limit` most frequent (lowest vocabulary index) of those trained at least
 * `minCount` times, PAD/OOV first on request.
 */
export function projectionPoints(
  t: LoadedTable,
  req: Pick<ProjectRequest, 'limit' | 'includeSpecial' | 'minCount'>,
): MapPoints {
  const limit = req.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new WorkbenchError('BadRequest', `limit must be a whole number ≥ 1 (got ${limit})`);
  const { eligible, applied } = eligibleRows(t, { minCount: req.minCount });
  const entries = t.vocab
    .filter((v) => v.idx >= 2 && v.idx < t.table.rows && eligible(v.idx))
    .sort((a, b) => a.idx - b.idx)
    .slice(0, limit);
  const special = req.includeSpecial === true && t.table.rows >= 2;
  const points: MapPoints = {
    rows: new Int32Array(entries.length + (special ? 2 : 0)),
    keys: [],
    counts: [],
    titles: [],
    genres: [],
    columns: metaColumns(entries, special ? 2 : 0),
    filter: applied,
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

/** Each metadata column, a value per point: null for the `lead` special rows and for entries without it. */
function metaColumns(entries: readonly VocabEntry[], lead: number): MetaColumn[] {
  return metaColumnNames(entries).map((name) => ({
    name,
    values: [...new Array<null>(lead).fill(null), ...entries.map((v) => v.columns?.[name] ?? null)],
  }));
}

/** Where finished maps are kept (the services' database). */
export interface MapCache {
  load(key: MapKey, points: number): StoredMap | null;
  save(key: MapKey, map: StoredMap): void;
}

export interface ProjectHooks {
  projectionId: string;
  onProgress: (p: ProjectionProgress) => void;
  /** Receives the running task so the caller can cancel, pause, resume or stop it. */
  onStart: (task: ProjectionTask) => void;
  cache?: MapCache;
}

export async function projectRun(
  t: LoadedTable,
  req: ProjectRequest,
  workerEntry: NodeEntry,
  hooks: ProjectHooks,
): Promise<ProjectResult> {
  const started = performance.now();
  const points = projectionPoints(t, req);
  const n = points.rows.length;
  const options = mapOptions(req, n);
  const table = compactTable(t.table, points.rows);
  const key: MapKey = {
    runId: req.runId,
    table: req.table,
    method: req.method,
    settings: settingsKey(options, tableHash(table.data)),
  };
  const base = { projectionId: hooks.projectionId, runId: req.runId, table: req.table, method: req.method, points: n };
  const events = progressEvents(base, started, hooks.onProgress);
  const stored = req.cache === false ? null : (hooks.cache?.load(key, n) ?? null);
  let mapped: WorkerProjection;
  let computeSeconds: number;
  if (stored) {
    mapped = {
      x: stored.x,
      y: stored.y,
      explainedVariance: (stored.extra.explainedVariance as number[] | null) ?? null,
      iterations: (stored.extra.iterations as number | null) ?? null,
      stopped: false,
      gradient: null,
    };
    computeSeconds = Number(stored.extra.computeSeconds ?? 0);
  } else {
    events.progress(0, { stage: req.method === 'pca' ? 'layout' : 'init', stageFraction: 0 });
    const task = runProjection(
      workerEntry,
      table,
      {
        method: req.method,
        seed: options.seed,
        perplexity: options.perplexity,
        theta: options.theta,
        exaggeration: options.exaggeration,
        iterations: options.iterations,
        gradient: options.gradient,
        init: options.init,
        neighbors: options.neighbors,
        minDist: options.minDist,
        epochs: options.epochs,
        threads: req.threads,
        snapshots: req.snapshots === true,
      },
      {
        // The closing 1 is sent below, once the answer is built.
        onProgress: (fraction, stage) => fraction < 1 && events.progress(fraction, stage),
        onPaused: (paused) => events.paused(paused),
        onSnapshot: (coords) => events.snapshot(coords),
      },
    );
    hooks.onStart(task);
    mapped = await task.result;
    computeSeconds = (performance.now() - started) / 1000;
    const extra = { explainedVariance: mapped.explainedVariance, iterations: mapped.iterations, computeSeconds };
    if (!mapped.stopped) hooks.cache?.save(key, { x: mapped.x, y: mapped.y, extra });
  }
  events.progress(1, { stage: 'layout', stageFraction: 1 });
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
    columns: points.columns,
    filter: points.filter,
    explainedVariance: mapped.explainedVariance,
    dim: t.table.dim,
    options,
    seconds: (performance.now() - started) / 1000,
    computeSeconds,
    cached: stored !== null,
    stopped: mapped.stopped,
    layoutIterations: mapped.iterations,
  };
}
