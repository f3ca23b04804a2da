// Exact nearest neighbours of a row or a vector by cosine similarity, dot product or Euclidean distance,
// through the bounded bfloat16 scan of search.ts (fast enough for interactive use on 100,000+ rows).
import type { VectorTable } from '../../shared';
import type { Metric } from '../../shared';
import { WorkbenchError } from '../../shared';
import { rowDot, searchTopK, type LinearForm, type Objective } from './search';
import { TableIndex } from './tableIndex';

/** `score` is the cosine similarity, the dot product or the Euclidean distance; results come best first. */
export interface RowScore {
  row: number;
  score: number;
}

export interface NeighborOptions {
  k: number;
  /** Default cosine. */
  metric?: Metric;
  /** Rows never returned, besides the reserved rows (and the query row for row queries). */
  exclude?: Iterable<number>;
  /** Only rows passing this are returned (a metadata filter); called for candidate rows only. */
  filter?: (row: number) => boolean;
  /** Leading rows that are not ids (PAD, OOV): default 2; 0 for imported tables without them. */
  reservedRows?: number;
}

/** Neighbours of row `row`, which is never its own neighbour. */
export function neighborsOfRow(table: VectorTable, row: number, options: NeighborOptions): RowScore[] {
  if (!Number.isInteger(row) || row < 0 || row >= table.rows)
    throw new WorkbenchError('BadRequest', `row ${row} is outside the table (${table.rows} rows)`);
  const q = table.data.subarray(row * table.dim, (row + 1) * table.dim);
  return neighborsOfVector(table, q, { ...options, exclude: [row, ...(options.exclude ?? [])] });
}

/** Neighbours of any vector of the table's dim. */
export function neighborsOfVector(table: VectorTable, vector: ArrayLike<number>, options: NeighborOptions): RowScore[] {
  if (vector.length !== table.dim)
    throw new WorkbenchError('BadRequest', `the query has ${vector.length} values; the table has dim ${table.dim}`);
  const k = options.k;
  if (!Number.isInteger(k) || k < 1) throw new WorkbenchError('BadRequest', `k must be a whole number ≥ 1 (got ${k})`);
  const index = TableIndex.of(table);
  const metric = options.metric ?? 'cosine';
  const excluded = new Set(options.exclude ?? []);
  const filter = options.filter;
  const found = searchTopK(index, objectiveFor(index, vector, metric), {
    k,
    firstRow: options.reservedRows ?? 2,
    eligible: (r) => !excluded.has(r) && (filter === undefined || filter(r)),
  });
  // Euclidean search maximises −distance²; report the distance.
  return metric === 'euclidean'
    ? found.map(({ row, score }) => ({ row, score: Math.sqrt(Math.max(0, -score)) }))
    : found;
}

/** Top-k cosine neighbours of a row (PAD/OOV and the row itself excluded); kept for existing callers. */
export function cosineNeighbors(table: VectorTable, row: number, k: number): RowScore[] {
  return neighborsOfRow(table, row, { k, metric: 'cosine' });
}

/** The linear form of a score with no per-row scale or shift (cosine, 3CosAdd): score ≈ x̂·q. */
export const UNIT_FORM: LinearForm = {
  scale: null,
  scaleFactor: 1,
  shift: null,
  shiftFactor: 0,
  constant: 0,
  slack: 0,
};

function objectiveFor(index: TableIndex, vector: ArrayLike<number>, metric: Metric): Objective {
  const { data, dim } = index.table;
  const norms = index.norms;
  let qq = 0;
  for (let d = 0; d < dim; d++) qq += vector[d]! * vector[d]!;
  const qNorm = Math.sqrt(qq);
  if (metric === 'cosine') {
    // A zero query has no direction: every cosine is 0 (then the lowest rows win the tie).
    const unit = Float64Array.from({ length: dim }, (_, d) => (qNorm > 0 ? vector[d]! / qNorm : 0));
    return {
      queries: [unit],
      linear: UNIT_FORM,
      exact: (r) => (norms[r]! > 0 ? rowDot(data, dim, r, unit) / norms[r]! : 0),
    };
  }
  if (metric === 'dot') {
    // x·q = ‖x‖ (x̂·q)
    return {
      queries: [vector],
      linear: { ...UNIT_FORM, scale: norms },
      exact: (r) => rowDot(data, dim, r, vector),
    };
  }
  // −‖x − q‖² = 2‖x‖(x̂·q) − ‖x‖² − ‖q‖²; the slack covers cancellation in that expansion.
  return {
    queries: [vector],
    linear: { scale: norms, scaleFactor: 2, shift: index.sqNorms, shiftFactor: -1, constant: -qq, slack: 2 ** -40 },
    exact: (r) => {
      let s = 0;
      for (let d = 0, o = r * dim; d < dim; d++) {
        const diff = data[o + d]! - vector[d]!;
        s += diff * diff;
      }
      return -s;
    },
  };
}
