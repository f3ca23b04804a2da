// Analogies and vector arithmetic over any table: a − b + c ("b is to a as c is to ?", king − man + woman)
// by 3CosAdd and 3CosMul (Levy & Goldberg 2014, "Linguistic Regularities in Sparse and Explicit Word
// Representations", eq. 3 and 4), with the input rows never returned.
import type { VectorTable } from '../../shared';
import { WorkbenchError } from '../../shared';
import { UNIT_FORM, type RowScore } from './neighbors';
import { rowDot, searchTopK, type Objective } from './search';
import { TableIndex } from './tableIndex';

export type AnalogyMethod = '3CosAdd' | '3CosMul';

export interface AnalogyOptions {
  k: number;
  /** Default 3CosAdd. */
  method?: AnalogyMethod;
  /** 3CosMul's ε against division by zero: 0.001 as in the paper (gensim's most_similar_cosmul uses 1e-6). */
  epsilon?: number;
  filter?: (row: number) => boolean;
  /** Leading rows that are not ids (PAD, OOV): default 2. */
  reservedRows?: number;
}

/** a − b + c. */
export function analogy(
  table: VectorTable,
  rows: { a: number; b: number; c: number },
  options: AnalogyOptions,
): RowScore[] {
  return vectorArithmetic(table, { positive: [rows.a, rows.c], negative: [rows.b] }, options);
}

/**
 * Σ positive − Σ negative, ranked by 3CosAdd: Σ_pos cos(x, p) − Σ_neg cos(x, n), or by 3CosMul:
 * Π_pos cos′(x, p) / (Π_neg cos′(x, n) + ε) with cos′ = (cos + 1)/2 in [0, 1]. The score is that value.
 */
export function vectorArithmetic(
  table: VectorTable,
  inputs: { positive: readonly number[]; negative: readonly number[] },
  options: AnalogyOptions,
): RowScore[] {
  const all = [...inputs.positive, ...inputs.negative];
  if (inputs.positive.length === 0) throw new WorkbenchError('BadRequest', 'vector arithmetic needs a positive row');
  for (const r of all)
    if (!Number.isInteger(r) || r < 0 || r >= table.rows)
      throw new WorkbenchError('BadRequest', `row ${r} is outside the table (${table.rows} rows)`);
  const { k } = options;
  if (!Number.isInteger(k) || k < 1) throw new WorkbenchError('BadRequest', `k must be a whole number ≥ 1 (got ${k})`);
  const index = TableIndex.of(table);
  const epsilon = options.epsilon ?? 0.001;
  const method = options.method ?? '3CosAdd';
  const objective =
    method === '3CosAdd'
      ? cosAdd(index, inputs.positive, inputs.negative)
      : cosMul(index, inputs.positive, inputs.negative, epsilon);
  const excluded = new Set(all);
  const filter = options.filter;
  return searchTopK(index, objective, {
    k,
    firstRow: options.reservedRows ?? 2,
    eligible: (r) => !excluded.has(r) && (filter === undefined || filter(r)),
  });
}

/** The unit vector of row r (zero for a zero row). */
function unitRow(index: TableIndex, r: number): Float64Array {
  const { data, dim } = index.table;
  const n = index.norms[r]!;
  return Float64Array.from({ length: dim }, (_, d) => (n > 0 ? data[r * dim + d]! / n : 0));
}

/** Σ cos(x, p) − Σ cos(x, n) = x̂ · (Σ p̂ − Σ n̂): one dot product per row. */
function cosAdd(index: TableIndex, positive: readonly number[], negative: readonly number[]): Objective {
  const { data, dim } = index.table;
  const v = new Float64Array(dim);
  for (const r of positive) unitRow(index, r).forEach((x, d) => (v[d] = v[d]! + x));
  for (const r of negative) unitRow(index, r).forEach((x, d) => (v[d] = v[d]! - x));
  return {
    queries: [v],
    linear: UNIT_FORM,
    exact: (r) => (index.norms[r]! > 0 ? rowDot(data, dim, r, v) / index.norms[r]! : 0),
  };
}

const shifted = (cos: number): number => Math.min(1, Math.max(0, (cos + 1) / 2));

/** Π cos′(x, p) / (Π cos′(x, n) + ε): increasing in each positive cosine, decreasing in each negative one. */
function cosMul(
  index: TableIndex,
  positive: readonly number[],
  negative: readonly number[],
  epsilon: number,
): Objective {
  const { data, dim } = index.table;
  const units = [...positive, ...negative].map((r) => unitRow(index, r));
  const nPos = positive.length;
  const score = (cos: (i: number) => number): number => {
    let num = 1;
    let den = 1;
    for (let i = 0; i < units.length; i++) {
      if (i < nPos) num *= shifted(cos(i));
      else den *= shifted(cos(i));
    }
    return num / (den + epsilon);
  };
  return {
    queries: units,
    bounds: (approx, err, lower, upper, from) => {
      for (let r = from; r < lower.length; r++) {
        let numLo = 1;
        let numHi = 1;
        let denLo = 1;
        let denHi = 1;
        for (let i = 0; i < units.length; i++) {
          const a = approx[i]![r]!;
          const lo = shifted(a - err[i]!);
          const hi = shifted(a + err[i]!);
          if (i < nPos) {
            numLo *= lo;
            numHi *= hi;
          } else {
            denLo *= lo;
            denHi *= hi;
          }
        }
        // Rounding of the exact double computation is ~1e-16 relative: a 1e-12 margin covers it.
        lower[r] = (numLo / (denHi + epsilon)) * (1 - 1e-12);
        upper[r] = (numHi / (denLo + epsilon)) * (1 + 1e-12);
      }
    },
    exact: (r) => {
      const n = index.norms[r]!;
      return score((i) => (n > 0 ? rowDot(data, dim, r, units[i]!) / n : 0));
    },
  };
}
