// The neighbour, analogy, key-search and table-info handlers: keys or titles resolved to rows, rows never
// trained refused as queries and never returned, the minimum-support and metadata filter applied and reported.
import type {
  AnalogyRequest,
  AnalogyResult,
  KeyRow,
  KeysRequest,
  NeighborsRequest,
  NeighborsResult,
  TableInfo,
  TableInfoRequest,
} from '../../shared';
import { DEFAULT_MIN_COUNT, METRICS, WorkbenchError } from '../../shared';
import { searchKeys } from '../store/datasets';
import type { Db } from '../store/db';
import { getRun } from '../store/runs';
import { vectorArithmetic } from './analogy';
import { searchNeighbors } from './annIndex';
import { assertTrained, eligibleRows, supportOfRow } from './support';
import { describeRow, refOf, rowOf, type TableCache } from './tableAccess';

const KEY_LIMIT = 1000;

function wholeK(k: number | undefined): number {
  const n = k ?? 10;
  if (!Number.isInteger(n) || n < 1) throw new WorkbenchError('BadRequest', `k must be a whole number ≥ 1 (got ${k})`);
  return n;
}

export async function neighborsOf(tables: TableCache, req: NeighborsRequest): Promise<NeighborsResult> {
  const t = tables.get(req.runId, req.table);
  const k = wholeK(req.k);
  const metric = req.metric ?? 'cosine';
  if (!METRICS.includes(metric))
    throw new WorkbenchError('BadRequest', `metric is one of ${METRICS.join(', ')} (got ${metric})`);
  const row = rowOf(t, req.key);
  assertTrained(t, row);
  const { eligible, applied } = eligibleRows(t, req.filter);
  const { found, approximate, index, indexBuilding } = await searchNeighbors(t.table, row, {
    k,
    metric,
    filter: eligible,
    approximate: req.approximate,
  });
  return {
    type: 'result',
    ...refOf(t, row),
    metric,
    neighbors: found.map((n) => describeRow(t, n.row, n.score)),
    filter: applied,
    approximate,
    ...(index ? { index } : {}),
    ...(indexBuilding ? { indexBuilding } : {}),
  };
}

export function analogyOf(tables: TableCache, req: AnalogyRequest): AnalogyResult {
  const t = tables.get(req.runId, req.table);
  const method = req.method ?? '3CosAdd';
  if (!req.positive?.length)
    throw new WorkbenchError('BadRequest', 'name at least one positive key (a − b + c: positive a and c, negative b)');
  const rows = (keys: readonly string[]): number[] =>
    keys.map((key) => {
      const row = rowOf(t, key);
      assertTrained(t, row);
      return row;
    });
  const positive = rows(req.positive);
  const negative = rows(req.negative ?? []);
  const { eligible, applied } = eligibleRows(t, req.filter);
  const found = vectorArithmetic(t.table, { positive, negative }, { k: wholeK(req.k), method, filter: eligible });
  return {
    type: 'result',
    method,
    results: found.map((n) => describeRow(t, n.row, n.score)),
    positive: positive.map((r) => refOf(t, r)),
    negative: negative.map((r) => refOf(t, r)),
    filter: applied,
  };
}

/** Keys matching a search (key or title), most frequent first, with their genres and training support. */
export function keysOf(db: Db, tables: TableCache, req: KeysRequest): KeyRow[] {
  const t = tables.get(req.runId, req.table);
  const { datasetId } = getRun(db, req.runId);
  const found = searchKeys(db, datasetId, t.table.role, req.query ?? '', Math.min(req.limit ?? 50, KEY_LIMIT));
  return found.map((k) => {
    const row = t.byKey.get(k.key);
    return {
      ...k,
      genres: row === undefined ? [] : (t.byIdx.get(row)?.genres ?? []),
      trainCount: row === undefined ? null : supportOfRow(t, row),
    };
  });
}

export function tableInfoOf(tables: TableCache, req: TableInfoRequest): TableInfo {
  const t = tables.get(req.runId, req.table);
  const { applied } = eligibleRows(t, { minCount: DEFAULT_MIN_COUNT });
  const genres = new Map<string, number>();
  for (const v of t.vocab) for (const g of v.genres) genres.set(g, (genres.get(g) ?? 0) + 1);
  return {
    runId: req.runId,
    table: req.table,
    role: t.table.role,
    rows: applied.rows,
    dim: t.table.dim,
    support: t.support.source,
    unit: t.support.unit,
    trained: applied.rows - applied.untrained,
    untrained: applied.untrained,
    belowDefaultMinCount: applied.belowMinCount,
    defaultMinCount: DEFAULT_MIN_COUNT,
    genres: [...genres]
      .map(([genre, rows]) => ({ genre, rows }))
      .sort((a, b) => b.rows - a.rows || (a.genre < b.genre ? -1 : 1)),
  };
}
