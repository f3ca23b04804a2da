// Exact top-k search under any objective whose score can be bounded from approximate unit-row dot products:
// the SIMD kernel scans a bfloat16 copy of the table, every row gets a [lower, upper] bound on its score,
// and only rows whose upper bound reaches the k-th best lower bound are scored exactly, in double precision,
// from the float32 table. The result is the brute-force top-k (same rows, same scores).
import type { TableIndex } from './tableIndex';
import { MAX_QUERIES } from './tableIndex';
import { TopK } from './topK';

/** A score to maximise over table rows; without `bounds` or `linear`, every row is scored exactly. */
export interface Objective {
  /** Vectors whose dot products with the unit rows x̂ the score is built from. */
  queries: ArrayLike<number>[];
  /**
   * Given approx[i][r] within ±err[i] of x̂_r·queries[i], writes for every row r ≥ from bounds on score(r)
   * that hold for any true values in those intervals to lower[r] and upper[r], allowing for the rounding of
   * exact(r). One call for all rows keeps the loop tight (a call per row costs as much as the scan).
   */
  bounds?(
    approx: readonly Float32Array[],
    err: readonly number[],
    lower: Float64Array,
    upper: Float64Array,
    from: number,
  ): void;
  /** The score of row r computed in double precision from the float32 table. */
  exact(r: number): number;
  /** Instead of `bounds`, for a score linear in one approximation: one fused pass, no per-row arrays. */
  linear?: LinearForm;
}

/**
 * score(r) ≈ s_r·approx[0][r] + h_r, with s_r = scaleFactor·(scale?.[r] ?? 1) and
 * h_r = shiftFactor·(shift?.[r] ?? 0) + constant; its error is |s_r|·err[0] + slack·|h_r|.
 * Cosine: s = 1, h = 0. Dot: s = ‖x‖. Negative squared Euclidean: s = 2‖x‖, h = −‖x‖² − ‖q‖².
 */
export interface LinearForm {
  scale: Float64Array | null;
  scaleFactor: number;
  shift: Float64Array | null;
  shiftFactor: number;
  constant: number;
  slack: number;
}

export interface SearchOptions {
  k: number;
  /** Rows before this one (PAD, OOV) are never considered. */
  firstRow: number;
  /** Called only for rows that could enter the result: exclusions and metadata filters. */
  eligible: (row: number) => boolean;
}

export function searchTopK(
  index: TableIndex,
  objective: Objective,
  opts: SearchOptions,
): { row: number; score: number }[] {
  const { rows } = index.table;
  const { k, firstRow, eligible } = opts;
  const top = new TopK(k);
  const kernel = objective.queries.length <= MAX_QUERIES ? index.approxDots(objective.queries) : null;
  if (kernel && objective.linear) return linearSearch(index, objective, objective.linear, kernel, opts, top);
  if (!kernel || !objective.bounds) {
    for (let r = firstRow; r < rows; r++) {
      const s = objective.exact(r);
      if (top.admits(s, r) && eligible(r)) top.push(s, r);
    }
    return top.sorted();
  }
  // Pass 1: the k-th best lower bound T among eligible rows. The true top-k all score ≥ T (k eligible rows
  // do), so any row whose upper bound is below T cannot be in it.
  const { lower, upper } = index;
  objective.bounds(kernel.approx, kernel.errorBound, lower, upper, firstRow);
  const lowest = new TopK(k);
  let bar = lowest.threshold; // cached: most rows fail this one comparison
  for (let r = firstRow; r < rows; r++) {
    const l = lower[r]!;
    if (l >= bar && lowest.admits(l, r) && eligible(r)) {
      lowest.push(l, r);
      bar = lowest.threshold;
    }
  }
  // Pass 2: exact scores for the rows that may still make it (a few dozen on typical tables).
  const threshold = bar;
  bar = top.threshold;
  for (let r = firstRow; r < rows; r++) {
    const u = upper[r]!;
    if (u >= threshold && u >= bar && top.admits(u, r) && eligible(r)) {
      top.push(objective.exact(r), r);
      bar = top.threshold;
    }
  }
  return top.sorted();
}

/**
 * One pass over the approximations keeps the k-th best lower bound so far (`bar`, which only rises) and
 * remembers every row whose upper bound reached it when seen; rows below it then can never reach the final
 * k-th lower bound T ≥ bar. Candidates still ≥ T are rescored exactly.
 */
function linearSearch(
  index: TableIndex,
  objective: Objective,
  form: LinearForm,
  kernel: { approx: Float32Array[]; errorBound: number[] },
  opts: SearchOptions,
  top: TopK,
): { row: number; score: number }[] {
  const { rows } = index.table;
  const { k, firstRow, eligible } = opts;
  const approx = kernel.approx[0]!;
  const e = kernel.errorBound[0]!;
  const { scale, scaleFactor, shift, shiftFactor, constant, slack } = form;
  const candidates = index.candidates;
  const candidateUpper = index.upper;
  const lowest = new TopK(k);
  let bar = -Infinity;
  let count = 0;
  const visit = (r: number, key: number, err: number): void => {
    const l = key - err;
    if (l >= bar && lowest.admits(l, r) && eligible(r)) {
      lowest.push(l, r);
      bar = lowest.threshold;
    }
    candidates[count] = r;
    candidateUpper[count++] = key + err;
  };
  // One loop per shape of the form, so each stays monomorphic and tight; a NaN row fails `>= bar` and drops out.
  if (scale === null && shift === null) {
    const err = Math.abs(scaleFactor) * e + slack * Math.abs(constant);
    for (let r = firstRow; r < rows; r++) {
      const key = scaleFactor * approx[r]! + constant;
      if (key + err >= bar) visit(r, key, err);
    }
  } else if (shift === null) {
    for (let r = firstRow; r < rows; r++) {
      const s = scaleFactor * scale![r]!;
      const key = s * approx[r]! + constant;
      const err = Math.abs(s) * e + slack * Math.abs(constant);
      if (key + err >= bar) visit(r, key, err);
    }
  } else {
    for (let r = firstRow; r < rows; r++) {
      const s = scale === null ? scaleFactor : scaleFactor * scale[r]!;
      const h = shiftFactor * shift[r]! + constant;
      const key = s * approx[r]! + h;
      const err = Math.abs(s) * e + slack * Math.abs(h);
      if (key + err >= bar) visit(r, key, err);
    }
  }
  let topBar = top.threshold;
  for (let i = 0; i < count; i++) {
    const u = candidateUpper[i]!;
    const r = candidates[i]!;
    if (u >= bar && u >= topBar && top.admits(u, r) && eligible(r)) {
      top.push(objective.exact(r), r);
      topBar = top.threshold;
    }
  }
  return top.sorted();
}

/** x_r · v in double precision. */
export function rowDot(data: Float32Array, dim: number, r: number, v: ArrayLike<number>): number {
  let s = 0;
  for (let d = 0, o = r * dim; d < dim; d++) s += data[o + d]! * v[d]!;
  return s;
}
