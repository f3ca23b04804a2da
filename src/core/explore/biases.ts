// The item bias leaderboard of a run: the rows with the highest and lowest learned bias b_i (mf's
// μ + b_u + b_i + p_u·q_i; implicit's item bias), with their training counts, so that items rated once or
// twice (whose bias is mostly noise and regularisation) can be left out by a minimum count.
import type { BiasesRequest, BiasesResult, BiasRow } from '../../shared';
import { WorkbenchError } from '../../shared';
import { getDatasetById, loadInteractions } from '../store/datasets';
import type { Db } from '../store/db';
import { getRun } from '../store/runs';
import type { LoadedTable, TableCache } from './tableAccess';

export const DEFAULT_BIAS_TOP = 10;
export const DEFAULT_BIAS_MIN_COUNT = 5;
const TRAIN = 0;

interface RowCounts {
  counts: Float64Array;
  sums: Float64Array | null;
  globalMean: number | null;
}

/** Training interactions per row of the table (and rating sums when the dataset has ratings). */
function trainingCounts(db: Db, datasetId: number, t: LoadedTable): RowCounts {
  const rows = t.table.rows;
  const role = t.table.role;
  const counts = new Float64Array(rows);
  if (role !== 'item' && role !== 'user') {
    // Tables of tokens (words, events): the vocabulary's counts are all there is.
    for (const v of t.vocab) if (v.idx < rows) counts[v.idx] = v.count;
    return { counts, sums: null, globalMean: null };
  }
  const dataset = getDatasetById(db, datasetId);
  const hasRatings = dataset.mapping.rating !== undefined;
  const data = loadInteractions(db, datasetId);
  const ids = role === 'item' ? data.items : data.users;
  const sums = hasRatings ? new Float64Array(rows) : null;
  let total = 0;
  let n = 0;
  for (let i = 0; i < ids.length; i++) {
    if (data.splits[i] !== TRAIN) continue;
    const r = ids[i]!;
    if (r < 0 || r >= rows) continue;
    counts[r]!++;
    if (sums) {
      sums[r]! += data.ratings[i]!;
      total += data.ratings[i]!;
      n++;
    }
  }
  return { counts, sums, globalMean: sums && n > 0 ? total / n : null };
}

function wholeNumber(value: number | undefined, fallback: number, name: string, min: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min)
    throw new WorkbenchError('BadRequest', `${name} must be a whole number ≥ ${min} (got ${value})`);
  return v;
}

export function biasLeaderboard(db: Db, tables: TableCache, req: BiasesRequest): BiasesResult {
  const top = wholeNumber(req.top, DEFAULT_BIAS_TOP, 'top', 1);
  const minCount = wholeNumber(req.minCount, DEFAULT_BIAS_MIN_COUNT, 'minCount', 0);
  const name = req.table ?? 'items';
  const run = getRun(db, req.runId);
  const t = tables.get(req.runId, name);
  const bias = t.table.bias;
  if (!bias)
    throw new WorkbenchError(
      'BadRequest',
      `run ${req.runId} (${run.model}) has no biases on table "${name}": the bias leaderboard needs an mf run (items or users table)`,
    );
  const stats = trainingCounts(db, run.datasetId, t);
  const { sums, globalMean } = stats;
  // The run's own training support where it stored it (thresholds and carved splits included).
  const counts = t.table.counts ? Float64Array.from(t.table.counts) : stats.counts;
  const eligible: number[] = [];
  let below = 0;
  // Rows 0 and 1 are PAD and OOV, never ids; a row never trained has bias 0 by no merit of its own.
  for (let r = 2; r < t.table.rows; r++) {
    if (!t.byIdx.has(r)) continue;
    if (counts[r]! >= Math.max(1, minCount)) eligible.push(r);
    else below++;
  }
  const describe = (r: number): BiasRow => {
    const v = t.byIdx.get(r);
    return {
      key: v?.key ?? String(r),
      title: v?.title ?? null,
      bias: bias[r]!,
      count: counts[r]!,
      meanRating: sums && stats.counts[r]! > 0 ? sums[r]! / stats.counts[r]! : null,
    };
  };
  // Ties by row (more frequent first, as the vocabulary orders ids).
  const byBias = [...eligible].sort((a, b) => bias[b]! - bias[a]! || a - b);
  const lowestFirst = [...eligible].sort((a, b) => bias[a]! - bias[b]! || a - b);
  return {
    type: 'result',
    runId: req.runId,
    table: name,
    minCount,
    highest: byBias.slice(0, top).map(describe),
    lowest: lowestFirst.slice(0, top).map(describe),
    eligible: eligible.length,
    belowMinCount: below,
    globalMean,
  };
}
