// Run comparison: configs that differ, the best epoch's metrics side by side, every epoch's curve, and for
// two runs of one dataset a stability report on a shared table — how many of a row's top-10 cosine
// neighbours both runs agree on, and how far apart the tables are once B is rotated onto A (Procrustes).
import type { VectorTable } from '../../shared';
import type {
  FrequencyBand,
  ComparedMetric,
  ComparedRun,
  CompareRequest,
  CompareResult,
  RunDetail,
  SplitMetrics,
  SplitName,
  StabilityReport,
} from '../../shared';
import { DEFAULT_MIN_COUNT, SPLITS, WorkbenchError } from '../../shared';
import type { Db } from '../store/db';
import { getRun } from '../store/runs';
import { createRng } from '../random';
import { neighborsOfRow } from './neighbors';
import { procrustesDistance } from './procrustes';
import { compactTable } from './compactTable';
import { eligibleRows } from './support';
import type { TableCache } from './tableAccess';

export const DEFAULT_STABILITY_SAMPLE = 500;
export const DEFAULT_STABILITY_SEED = 42;
const STABILITY_K = 10;
/** Tables tried, in order, when the request names none. */
const DEFAULT_TABLES = ['items', 'words', 'events', 'users'];
/** Procrustes over at most this many rows (a seeded sample beyond): Aᵀ B costs rows × dim². */
const PROCRUSTES_MAX_ROWS = 200_000;
/** PAD and OOV lead every table. */
const RESERVED = 2;

const EMPTY: Record<SplitName, SplitMetrics> = { train: {}, valid: {}, test: {} };
const lowerIsBetter = (name: string): boolean => /^((cold|warm):)?(rmse|mae|loss)(@|$)/.test(name);
const ORDER = ['rmse', 'mae', 'recall', 'ndcg', 'map', 'hitrate', 'coverage'];
const rank = (name: string): number => {
  const i = ORDER.indexOf(name.split('@')[0] ?? name);
  return i < 0 ? ORDER.length : i;
};

function toCompared(run: RunDetail): ComparedRun {
  return {
    id: run.id,
    dataset: run.dataset,
    datasetId: run.datasetId,
    model: run.model,
    status: run.status,
    config: run.config,
    bestEpoch: run.bestEpoch,
    metrics: run.result?.metrics ?? EMPTY,
    epochs: run.epochs,
    seconds: run.result?.seconds ?? null,
  };
}

/** Config keys (and the dataset) whose values are not the same in every run. */
export function configDiff(runs: readonly ComparedRun[]): CompareResult['configDiff'] {
  const rows: CompareResult['configDiff'] = [];
  const datasets = runs.map((r) => r.dataset);
  if (new Set(datasets).size > 1) rows.push({ key: 'dataset', values: datasets });
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.config)))].sort();
  for (const key of keys) {
    const values = runs.map((r) => {
      const v = (r.config as unknown as Record<string, unknown>)[key];
      if (typeof v === 'number' || typeof v === 'string') return v;
      return v === undefined || v === null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
    if (new Set(values.map((v) => JSON.stringify(v))).size > 1) rows.push({ key, values });
  }
  return rows;
}

/** The best epoch's metrics of every run, one row per (split, metric), the best value marked. */
export function metricsTable(runs: readonly ComparedRun[]): ComparedMetric[] {
  const out: ComparedMetric[] = [];
  for (const split of SPLITS) {
    const names = [...new Set(runs.flatMap((r) => Object.keys(r.metrics[split])))].sort(
      (a, b) => rank(a) - rank(b) || a.localeCompare(b),
    );
    for (const name of names) {
      const values = runs.map((r) => r.metrics[split][name] ?? null);
      const lower = lowerIsBetter(name);
      let best: number | null = null;
      if (values.filter((v) => v !== null).length >= 2)
        values.forEach((v, i) => {
          if (v === null || !Number.isFinite(v)) return;
          const b = best === null ? null : values[best]!;
          if (b === null || (lower ? v < b : v > b)) best = i;
        });
      out.push({ split, name, values, lowerIsBetter: lower, best });
    }
  }
  return out;
}

const quantile = (sorted: readonly number[], q: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
};

/** Distinct rows of `candidates` (ascending), seeded; all of them when there are no more than `n`. */
function sampleRows(candidates: readonly number[], n: number, seed: number): number[] {
  const count = candidates.length;
  if (n >= count) return [...candidates];
  const rng = createRng(seed);
  const picked = new Set<number>();
  while (picked.size < n) picked.add(candidates[Math.floor(rng() * count)]!);
  return [...picked].sort((a, b) => a - b);
}

function rowsOf(t: VectorTable, rows: readonly number[] | null): VectorTable {
  if (rows === null)
    return { rows: t.rows - RESERVED, dim: t.dim, data: t.data.subarray(RESERVED * t.dim, t.rows * t.dim) };
  return compactTable(t, Int32Array.from(rows));
}

function meanNorm(t: VectorTable): number {
  let sum = 0;
  for (let r = 0; r < t.rows; r++) {
    let s = 0;
    for (let d = 0, o = r * t.dim; d < t.dim; d++) s += t.data[o + d]! ** 2;
    sum += Math.sqrt(s);
  }
  return t.rows > 0 ? sum / t.rows : 0;
}

const yieldToLoop = (): Promise<void> => new Promise((ok) => setImmediate(ok));

/** Shares of a row's top-k cosine neighbours found in both tables, among `filter`'s rows; yields now and then. */
async function overlapsOf(
  a: VectorTable,
  b: VectorTable,
  rows: readonly number[],
  k: number,
  filter: ((row: number) => boolean) | undefined,
): Promise<number[]> {
  const overlaps: number[] = [];
  for (const r of rows) {
    const inA = new Set(neighborsOfRow(a, r, { k, metric: 'cosine', filter }).map((n) => n.row));
    overlaps.push(neighborsOfRow(b, r, { k, metric: 'cosine', filter }).filter((n) => inA.has(n.row)).length / k);
    if (overlaps.length % 16 === 0) await yieldToLoop();
  }
  return overlaps;
}

/** Bands by rank (rows are ordered by descending count): the top 10%, the next 40%, the rarest half. */
const BANDS: { name: FrequencyBand['name']; from: number; to: number }[] = [
  { name: 'frequent', from: 0, to: 0.1 },
  { name: 'middle', from: 0.1, to: 0.5 },
  { name: 'rare', from: 0.5, to: 1 },
];

async function frequencyBands(
  a: VectorTable,
  b: VectorTable,
  k: number,
  candidates: readonly number[],
  filter: ((row: number) => boolean) | undefined,
  counts: ArrayLike<number>,
  options: { sample: number; seed: number },
): Promise<FrequencyBand[]> {
  const ids = a.rows - RESERVED;
  const out: FrequencyBand[] = [];
  for (const [i, band] of BANDS.entries()) {
    const from = RESERVED + Math.floor(band.from * ids);
    const to = RESERVED + Math.floor(band.to * ids);
    const inBand = candidates.filter((r) => r >= from && r < to);
    if (inBand.length === 0) continue;
    // A third of the sample each, so that the bands together cost what the overall sample does.
    const picked = sampleRows(inBand, Math.ceil(options.sample / BANDS.length), options.seed + 10 + i);
    const overlaps = (await overlapsOf(a, b, picked, k, filter)).sort((x, y) => x - y);
    const bandCounts = inBand.map((r) => counts[r] ?? 0);
    out.push({
      name: band.name,
      rows: inBand.length,
      minCount: Math.min(...bandCounts),
      maxCount: Math.max(...bandCounts),
      sample: overlaps.length,
      mean: overlaps.reduce((s, x) => s + x, 0) / overlaps.length,
      median: quantile(overlaps, 0.5),
    });
  }
  return out;
}

/**
 * Neighbour overlap (overall and by frequency band when the rows' counts are given) and Procrustes distance of
 * one table in two runs of the same dataset. Yields to the event loop between sample rows: on a table of a
 * million rows the sample's searches take tens of seconds.
 */
export async function stability(
  a: VectorTable,
  b: VectorTable,
  table: string,
  /** `rows`: the rows to compare (ascending; default every id row); `counts`: training counts by row. */
  options: { sample: number; seed: number; rows?: readonly number[]; counts?: ArrayLike<number> },
): Promise<StabilityReport> {
  if (a.rows !== b.rows)
    throw new WorkbenchError('BadRequest', `table ${table} has ${a.rows} rows in one run and ${b.rows} in the other`);
  const candidates = options.rows ?? Array.from({ length: Math.max(0, a.rows - RESERVED) }, (_, i) => RESERVED + i);
  const k = Math.min(STABILITY_K, candidates.length - 1);
  if (k < 1) throw new WorkbenchError('BadRequest', `table ${table} has too few trained rows to compare neighbours`);
  const rows = sampleRows(candidates, options.sample, options.seed);
  const inCandidates = options.rows ? new Set(options.rows) : null;
  const filter = inCandidates ? (r: number): boolean => inCandidates.has(r) : undefined;
  const overlaps = await overlapsOf(a, b, rows, k, filter);
  const bands = options.counts ? await frequencyBands(a, b, k, candidates, filter, options.counts, options) : undefined;
  const sorted = [...overlaps].sort((x, y) => x - y);
  let procrustes: StabilityReport['procrustes'] = null;
  if (a.dim === b.dim) {
    const subset =
      candidates.length > PROCRUSTES_MAX_ROWS
        ? sampleRows(candidates, PROCRUSTES_MAX_ROWS, options.seed + 1)
        : options.rows
          ? candidates
          : null;
    // Align B to A: the rotation R minimising ‖B R − A‖; distances are the same as for A rotated onto B.
    const ra = rowsOf(a, subset);
    const rb = rowsOf(b, subset);
    const d = procrustesDistance(rb, ra);
    procrustes = {
      rows: ra.rows,
      meanRowDistance: d.meanRowDistance,
      relativeError: d.relativeError,
      unalignedMeanRowDistance: d.unalignedMeanRowDistance,
      unalignedRelativeError: d.unalignedRelativeError,
      meanNorms: [meanNorm(ra), meanNorm(rb)],
    };
  }
  return {
    table,
    rows: a.rows - RESERVED,
    dims: [a.dim, b.dim],
    k,
    sample: rows.length,
    seed: options.seed,
    overlap: {
      mean: overlaps.reduce((s, x) => s + x, 0) / Math.max(1, overlaps.length),
      min: sorted[0] ?? Number.NaN,
      p25: quantile(sorted, 0.25),
      median: quantile(sorted, 0.5),
      p75: quantile(sorted, 0.75),
      max: sorted.at(-1) ?? Number.NaN,
    },
    rowsCompared: candidates.length,
    chanceOverlap: k / (candidates.length - 1),
    ...(bands ? { bands } : {}),
    procrustes,
  };
}

export async function compareRuns(db: Db, tables: TableCache, req: CompareRequest): Promise<CompareResult> {
  const ids = req?.runIds;
  if (!Array.isArray(ids) || ids.length < 2 || !ids.every((id) => Number.isInteger(id)))
    throw new WorkbenchError('BadRequest', 'name two or more runs to compare (runIds: [A, B, …])');
  if (new Set(ids).size !== ids.length)
    throw new WorkbenchError('BadRequest', `each run once: ${ids.join(', ')} repeats a run`);
  const sample = req.sample ?? DEFAULT_STABILITY_SAMPLE;
  if (!Number.isInteger(sample) || sample < 1)
    throw new WorkbenchError('BadRequest', `sample must be a whole number ≥ 1 (got ${req.sample})`);
  const seed = req.seed ?? DEFAULT_STABILITY_SEED;
  const details = ids.map((id) => getRun(db, id));
  const runs = details.map(toCompared);

  let stabilityReport: StabilityReport | null = null;
  let note: string | null = null;
  const [a, b] = details;
  if (details.length !== 2 || !a || !b) note = 'the stability report compares exactly two runs';
  else if (a.datasetId !== b.datasetId)
    note = `runs ${a.id} and ${b.id} are on different datasets (${a.dataset}, ${b.dataset}): their rows are not the same keys`;
  else {
    const shared = (name: string): boolean =>
      a.tables.some((t) => t.name === name) && b.tables.some((t) => t.name === name);
    const table = req.table ?? DEFAULT_TABLES.find(shared) ?? a.tables.map((t) => t.name).find(shared);
    if (table === undefined) note = `runs ${a.id} and ${b.id} have no table in common`;
    else if (!shared(table))
      throw new WorkbenchError(
        'NotFound',
        `table "${table}" is not in both runs; run ${a.id} has ${a.tables.map((t) => t.name).join(', ') || 'none'}, run ${b.id} has ${b.tables.map((t) => t.name).join(', ') || 'none'}`,
      );
    else {
      const ta = tables.get(a.id, table);
      const tb = tables.get(b.id, table);
      // Rows trained (with the default support) in both runs: untrained rows are random in both.
      const inA = eligibleRows(ta, { minCount: DEFAULT_MIN_COUNT }).eligible;
      const inB = eligibleRows(tb, { minCount: DEFAULT_MIN_COUNT }).eligible;
      const rows: number[] = [];
      for (let r = RESERVED; r < Math.min(ta.table.rows, tb.table.rows); r++) if (inA(r) && inB(r)) rows.push(r);
      // Training counts by row (vocabulary index), for the overlap by frequency band.
      const counts = new Float64Array(ta.table.rows);
      for (const v of ta.vocab) if (v.idx < counts.length) counts[v.idx] = v.count;
      stabilityReport = await stability(ta.table, tb.table, table, { sample, seed, rows, counts });
    }
  }
  return {
    type: 'result',
    runs,
    configDiff: configDiff(runs),
    metrics: metricsTable(runs),
    stability: stabilityReport,
    stabilityNote: note,
  };
}
