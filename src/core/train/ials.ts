// Implicit ALS (Hu, Koren & Volinsky, "Collaborative Filtering for Implicit Feedback Datasets", ICDM 2008):
// minimise Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²) over every user × item, p_ui = 1 for an
// interaction and 0 otherwise, c_ui = 1 + α·w_ui for an interaction of weight w and 1 otherwise. With Y fixed,
// x_u solves (YᵀY + λI + Σ_{i∈u} (c_ui − 1) y_i y_iᵀ) x = Σ_{i∈u} c_ui y_i. YᵀY + λI is shared by every user
// (computed once per half-iteration, in parts on the threads); each row's system is solved by a few steps of
// conjugate gradient started from its last solution, applying the matrix without forming it (Takács, Pilászy &
// Tikk, "Applications of the Conjugate Gradient Method for Implicit Feedback Collaborative Filtering", RecSys 2011):
// d² + 2nd per step for a row of n interactions instead of nd² + d³ for the exact solve.
import type { Csr } from './sparse';

/** What the threads of an ials run share: the tables, the weights by user and by item, the side's Gram matrix. */
export interface IalsShared {
  dim: number;
  /** users × dim and items × dim, row-major. */
  users: Float32Array;
  items: Float32Array;
  /** Interaction weights w (confidence 1 + α·w): by user (columns: items) and by item (columns: users). */
  byUser: Csr;
  byItem: Csr;
  /** dim × dim: (fixed side)ᵀ(fixed side) + λI of the half-iteration under way, written before its solves. */
  gram: Float64Array;
  alpha: number;
  frozenUsers: boolean;
  frozenItems: boolean;
}

/** Part of a Gram matrix (rows [start, end) of a side), or the solves of rows [start, end) of a side. */
export type IalsChunk =
  | { kind: 'gram'; side: 'users' | 'items'; start: number; end: number }
  | { kind: 'solve'; side: 'users' | 'items'; start: number; end: number; cgSteps: number };

export interface IalsChunkResult {
  /** gram: the upper triangle of Σ x xᵀ over the rows, row-major dim × dim. */
  gram?: Float64Array;
  /** solve: the rows' share of the loss (see rowLoss). */
  loss: number;
}

const tableOf = (s: IalsShared, side: 'users' | 'items'): Float32Array => (side === 'users' ? s.users : s.items);

export function runIalsChunk(s: IalsShared, c: IalsChunk): IalsChunkResult {
  if (c.kind === 'gram') return { gram: partialGram(tableOf(s, c.side), s.dim, c.start, c.end), loss: 0 };
  const frozen = c.side === 'users' ? s.frozenUsers : s.frozenItems;
  if (frozen) return { loss: 0 };
  const own = tableOf(s, c.side);
  const other = tableOf(s, c.side === 'users' ? 'items' : 'users');
  const m = c.side === 'users' ? s.byUser : s.byItem;
  const work = scratch(s.dim);
  let loss = 0;
  for (let row = c.start; row < c.end; row++)
    loss += solveRowCg(own, other, m, row, s.gram, s.dim, s.alpha, c.cgSteps, work);
  return { loss };
}

/** Σ x xᵀ over rows [start, end) of a table: the upper triangle, float64. */
export function partialGram(t: Float32Array, dim: number, start: number, end: number): Float64Array {
  const g = new Float64Array(dim * dim);
  for (let row = start; row < end; row++) {
    const o = row * dim;
    for (let a = 0; a < dim; a++) {
      const xa = t[o + a]!;
      if (xa === 0) continue;
      const ga = a * dim;
      for (let b = a; b < dim; b++) g[ga + b]! += xa * t[o + b]!;
    }
  }
  return g;
}

/** The full symmetric matrix from summed upper triangles, plus λ on the diagonal; also returns its trace − dλ. */
export function gramOf(parts: readonly Float64Array[], dim: number, reg: number, out: Float64Array): number {
  out.fill(0);
  for (const p of parts) for (let k = 0; k < dim * dim; k++) out[k]! += p[k]!;
  let trace = 0;
  for (let a = 0; a < dim; a++) {
    trace += out[a * dim + a]!;
    out[a * dim + a]! += reg;
    for (let b = a + 1; b < dim; b++) out[b * dim + a] = out[a * dim + b]!;
  }
  return trace;
}

interface Work {
  r: Float64Array;
  p: Float64Array;
  ap: Float64Array;
}
let work: Work | null = null;
const scratch = (dim: number): Work =>
  work && work.r.length === dim
    ? work
    : (work = { r: new Float64Array(dim), p: new Float64Array(dim), ap: new Float64Array(dim) });

/**
 * `steps` CG steps on row `row`'s normal equations, from its current values (written back). Returns the row's
 * part of the objective, Σ_{i∈row} c(1 − x·y_i) − x·r for the final residual r = b − Ax: with the shared Gram
 * matrix, that is Σ_i c(p − x·y_i)² over the row's whole line of the matrix plus λ‖x‖², less the constant
 * Σ c p² of the rows not solved (the objective's expansion at a solution, r = 0, is Σc − Σc·x·y).
 */
export function solveRowCg(
  own: Float32Array,
  other: Float32Array,
  m: Csr,
  row: number,
  gram: Float64Array,
  dim: number,
  alpha: number,
  steps: number,
  w: Work,
): number {
  const { r, p, ap } = w;
  const o = row * dim;
  const from = m.indptr[row]!;
  const to = m.indptr[row + 1]!;
  if (from === to) {
    // No interaction: the solution is 0 (as `implicit` sets it), and the row adds nothing.
    own.fill(0, o, o + dim);
    return 0;
  }
  // r = b − Ax = −G x + Σ (c − (c − 1) y·x) y.
  for (let a = 0; a < dim; a++) {
    let s = 0;
    for (let b = 0, ga = a * dim; b < dim; b++) s += gram[ga + b]! * own[o + b]!;
    r[a] = -s;
  }
  for (let e = from; e < to; e++) {
    const y = m.index[e]! * dim;
    const c1 = alpha * m.value[e]!;
    let dot = 0;
    for (let a = 0; a < dim; a++) dot += other[y + a]! * own[o + a]!;
    const scale = 1 + c1 - c1 * dot;
    for (let a = 0; a < dim; a++) r[a]! += scale * other[y + a]!;
  }
  let rs = 0;
  for (let a = 0; a < dim; a++) {
    p[a] = r[a]!;
    rs += r[a]! * r[a]!;
  }
  for (let step = 0; step < steps && rs > 1e-20; step++) {
    // ap = A p = G p + Σ (c − 1)(y·p) y.
    for (let a = 0; a < dim; a++) {
      let s = 0;
      for (let b = 0, ga = a * dim; b < dim; b++) s += gram[ga + b]! * p[b]!;
      ap[a] = s;
    }
    for (let e = from; e < to; e++) {
      const y = m.index[e]! * dim;
      let dot = 0;
      for (let a = 0; a < dim; a++) dot += other[y + a]! * p[a]!;
      const scale = alpha * m.value[e]! * dot;
      for (let a = 0; a < dim; a++) ap[a]! += scale * other[y + a]!;
    }
    let pap = 0;
    for (let a = 0; a < dim; a++) pap += p[a]! * ap[a]!;
    const gain = rs / pap;
    let next = 0;
    for (let a = 0; a < dim; a++) {
      own[o + a]! += gain * p[a]!;
      r[a]! -= gain * ap[a]!;
      next += r[a]! * r[a]!;
    }
    const beta = next / rs;
    for (let a = 0; a < dim; a++) p[a] = r[a]! + beta * p[a]!;
    rs = next;
  }
  let loss = 0;
  for (let e = from; e < to; e++) {
    const y = m.index[e]! * dim;
    let dot = 0;
    for (let a = 0; a < dim; a++) dot += other[y + a]! * own[o + a]!;
    loss += (1 + alpha * m.value[e]!) * (1 - dot);
  }
  for (let a = 0; a < dim; a++) loss -= own[o + a]! * r[a]!;
  return loss;
}
