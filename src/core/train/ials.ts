// Implicit ALS (Hu, Koren & Volinsky, "Collaborative Filtering for Implicit Feedback Datasets", ICDM 2008):
// minimise Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²) over every user × item, p_ui = 1 for an
// interaction and 0 otherwise, c_ui = 1 + α·w_ui for an interaction of weight w and 1 otherwise. With Y fixed,
// x_u solves (YᵀY + λI + Σ_{i∈u} (c_ui − 1) y_i y_iᵀ) x = Σ_{i∈u} c_ui y_i. YᵀY + λI is shared by every user
// (summed once per half-iteration, in parts on the threads); each row's system is solved by a few steps of
// conjugate gradient started from its last solution, applying the matrix without forming it (Takács, Pilászy &
// Tikk, "Applications of the Conjugate Gradient Method for Implicit Feedback Collaborative Filtering", RecSys 2011):
// d² + 2nd per step for a row of n interactions instead of nd² + d³ for the exact solve.
// This file is the plain TypeScript kernel, the reference of the WebAssembly SIMD one (ialsWasm.ts), which runs
// the same steps in the same order on the same float32 layout.
import type { Csr } from './sparse';

/** Where a side's rows and interactions are: its table (rows × stride), by-row CSR of weights. */
export interface IalsSide {
  table: Float32Array;
  m: Csr;
}

/** What the threads of an ials run share. Tables are float32 rows of `stride` (dim rounded up to 4; padding 0). */
export interface IalsShared {
  dim: number;
  stride: number;
  users: IalsSide;
  items: IalsSide;
  /** stride × stride: the fixed side's Gram matrix + λI for the half-iteration under way (padding 0). */
  gram: Float32Array;
  /** GRAM_PARTS partial Gram matrices (stride × stride each), summed in a fixed order into `gram`. */
  parts: Float32Array;
  alpha: number;
  frozenUsers: boolean;
  frozenItems: boolean;
  /** Per-thread scratch: r, p and Ap of stride floats each, thread t at 3·stride·t. */
  scratch: Float32Array;
}

/**
 * The shared state in plain arrays (SharedArrayBuffers for worker threads), for the TypeScript kernel: where a
 * run's layout does not fit in WebAssembly's 4 GiB, and in tests.
 */
export function ialsInArrays(
  dim: number,
  threads: number,
  byUser: Csr,
  byItem: Csr,
  settings: Pick<IalsShared, 'alpha' | 'frozenUsers' | 'frozenItems'>,
): IalsShared {
  const stride = Math.ceil(dim / 4) * 4;
  const floats = (n: number): Float32Array =>
    new Float32Array(threads > 1 ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4));
  return {
    dim,
    stride,
    users: { table: floats(byUser.rows * stride), m: byUser },
    items: { table: floats(byItem.rows * stride), m: byItem },
    gram: floats(stride * stride),
    parts: floats(GRAM_PARTS * stride * stride),
    scratch: floats(threads * 3 * stride),
    ...settings,
  };
}

/** A table of rows × stride as rows × dim (a copy). */
export function compactTable(t: Float32Array, dim: number, stride: number): Float32Array {
  if (stride === dim) return Float32Array.from(t);
  const rows = t.length / stride;
  const out = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) out.set(t.subarray(r * stride, r * stride + dim), r * dim);
  return out;
}

/** A fixed number of Gram parts, so that their sum (and so the tables) is the same for any number of threads. */
export const GRAM_PARTS = 8;

/** Part `part` of the Gram matrix of a side (rows [start, end)), or the solves of rows [start, end) of a side. */
export type IalsChunk =
  | { kind: 'gram'; side: 'users' | 'items'; start: number; end: number; part: number }
  | { kind: 'solve'; side: 'users' | 'items'; start: number; end: number; cgSteps: number; withLoss: boolean };

/** The kernel a thread runs the chunks with: this file's, or the WebAssembly one. */
export interface IalsKernel {
  gram(side: 'users' | 'items', start: number, end: number, part: number): void;
  /** Solves the rows; returns their part of the objective (solveRowCg) if asked, else 0. */
  solve(side: 'users' | 'items', start: number, end: number, cgSteps: number, withLoss: boolean): number;
}

/** Runs one chunk; returns its part of the objective (0 for a Gram part). */
export function runIalsChunk(k: IalsKernel, s: IalsShared, c: IalsChunk): number {
  if (c.kind === 'gram') {
    k.gram(c.side, c.start, c.end, c.part);
    return 0;
  }
  if (c.side === 'users' ? s.frozenUsers : s.frozenItems) return 0;
  return k.solve(c.side, c.start, c.end, c.cgSteps, c.withLoss);
}

/** The reference kernel over `s` for thread `thread` (its scratch). */
export function scalarKernel(s: IalsShared, thread: number): IalsKernel {
  const { stride } = s;
  const work = s.scratch.subarray(3 * stride * thread, 3 * stride * (thread + 1));
  return {
    gram: (side, start, end, part) =>
      partialGram(
        s[side].table,
        s.dim,
        stride,
        start,
        end,
        s.parts.subarray(part * stride * stride, (part + 1) * stride * stride),
      ),
    solve: (side, start, end, steps, withLoss) => {
      const own = s[side];
      const other = side === 'users' ? s.items : s.users;
      let loss = 0;
      for (let row = start; row < end; row++)
        loss += solveRowCg(own.table, other.table, own.m, row, s.gram, s.dim, stride, s.alpha, steps, work, withLoss);
      return loss;
    },
  };
}

/** out = Σ x xᵀ over rows [start, end) of a table (the full symmetric matrix, stride × stride). */
export function partialGram(
  t: Float32Array,
  dim: number,
  stride: number,
  start: number,
  end: number,
  out: Float32Array,
): void {
  out.fill(0);
  for (let row = start; row < end; row++) {
    const o = row * stride;
    for (let a = 0; a < dim; a++) {
      const xa = t[o + a]!;
      if (xa === 0) continue;
      const ga = a * stride;
      for (let b = 0; b < dim; b++) out[ga + b]! += xa * t[o + b]!;
    }
  }
}

/** gram = Σ parts (in order) + λI; returns the trace of the sum (Σ‖x‖² of the side, for the objective). */
export function sumGram(s: IalsShared, reg: number): number {
  const n = s.stride * s.stride;
  s.gram.fill(0);
  for (let part = 0; part < GRAM_PARTS; part++) {
    const p = s.parts.subarray(part * n, (part + 1) * n);
    for (let k = 0; k < n; k++) s.gram[k]! += p[k]!;
  }
  let trace = 0;
  for (let a = 0; a < s.dim; a++) {
    trace += s.gram[a * s.stride + a]!;
    s.gram[a * s.stride + a]! += reg;
  }
  return trace;
}

/** out = G v over the first dim entries (G stride × stride, row-major). */
function gramTimes(
  gram: Float32Array,
  v: Float32Array,
  vAt: number,
  dim: number,
  stride: number,
  out: Float32Array,
  outAt: number,
): void {
  for (let a = 0; a < dim; a++) {
    let s = 0;
    for (let b = 0, ga = a * stride; b < dim; b++) s += gram[ga + b]! * v[vAt + b]!;
    out[outAt + a] = s;
  }
}

/**
 * `steps` CG steps on row `row`'s normal equations, from its current values (written back). Returns (if
 * `withLoss`, else 0) the row's part of the objective, Σ_i c_i(p_i − x·y_i)² over its whole line of the matrix
 * plus λ‖x‖², without a pass over every item: with the final residual r = b − Ax it equals
 * Σ_{i∈row} c_i(1 − x·y_i) − x·r (expand xᵀ(YᵀY + λI)x = xᵀ(b − r) − Σ_{i∈row}(c_i − 1)(x·y_i)²).
 */
export function solveRowCg(
  own: Float32Array,
  other: Float32Array,
  m: Csr,
  row: number,
  gram: Float32Array,
  dim: number,
  stride: number,
  alpha: number,
  steps: number,
  work: Float32Array,
  withLoss = true,
): number {
  const [R, P, AP] = [0, stride, 2 * stride];
  const o = row * stride;
  const from = m.indptr[row]!;
  const to = m.indptr[row + 1]!;
  if (from === to) {
    // No interaction: the solution is 0 (as `implicit` sets it), and the row adds nothing.
    own.fill(0, o, o + dim);
    return 0;
  }
  const dotWith = (y: number, v: Float32Array, at: number): number => {
    let s = 0;
    for (let a = 0; a < dim; a++) s += other[y + a]! * v[at + a]!;
    return s;
  };
  // r = b − Ax = −G x + Σ (c − (c − 1) y·x) y.
  gramTimes(gram, own, o, dim, stride, work, R);
  for (let a = 0; a < dim; a++) work[R + a] = -work[R + a]!;
  for (let e = from; e < to; e++) {
    const y = m.index[e]! * stride;
    const c1 = alpha * m.value[e]!;
    const scale = 1 + c1 - c1 * dotWith(y, own, o);
    for (let a = 0; a < dim; a++) work[R + a]! += scale * other[y + a]!;
  }
  let rs = 0;
  for (let a = 0; a < dim; a++) {
    work[P + a] = work[R + a]!;
    rs += work[R + a]! * work[R + a]!;
  }
  for (let step = 0; step < steps && rs > 1e-20; step++) {
    // Ap = G p + Σ (c − 1)(y·p) y.
    gramTimes(gram, work, P, dim, stride, work, AP);
    for (let e = from; e < to; e++) {
      const y = m.index[e]! * stride;
      const scale = alpha * m.value[e]! * dotWith(y, work, P);
      for (let a = 0; a < dim; a++) work[AP + a]! += scale * other[y + a]!;
    }
    let pap = 0;
    for (let a = 0; a < dim; a++) pap += work[P + a]! * work[AP + a]!;
    const gain = rs / pap;
    let next = 0;
    for (let a = 0; a < dim; a++) {
      own[o + a]! += gain * work[P + a]!;
      work[R + a]! -= gain * work[AP + a]!;
      next += work[R + a]! * work[R + a]!;
    }
    const beta = next / rs;
    for (let a = 0; a < dim; a++) work[P + a] = work[R + a]! + beta * work[P + a]!;
    rs = next;
  }
  if (!withLoss) return 0;
  let loss = 0;
  for (let e = from; e < to; e++) loss += (1 + alpha * m.value[e]!) * (1 - dotWith(m.index[e]! * stride, own, o));
  for (let a = 0; a < dim; a++) loss -= own[o + a]! * work[R + a]!;
  return loss;
}
