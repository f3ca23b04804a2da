// Biased matrix factorisation by alternating least squares: with the items fixed, each user's [p_u; b_u] is the
// exact minimiser of the same objective SGD descends (mf.ts), ½Σ(μ + b_u + b_i + p_u·q_i − r)² + ½λ n_u^ν‖p_u‖² +
// ½λ_b n_u^ν b_u² over the user's n_u ratings (ν = 1: the per-example penalty summed, ALS-WR's weighted λ, Zhou et
// al. 2008); then each item's in turn. A row is the ridge regression of its targets r − μ − b_other on the
// features z = [q; 1]: (ZᵀZ + Λ)x = Zᵀt with Λ = n^ν·diag(λ…λ, λ_b), solved by Cholesky, or through the n × n
// dual x = Λ⁻¹Zᵀ(ZΛ⁻¹Zᵀ + I)⁻¹t (the push-through identity) when the row has fewer ratings than unknowns.
import { choleskySolve } from './linalg';
import type { MfParams } from './mf';
import type { Csr } from './sparse';

/** What the threads of an ALS run share: the tables and the training ratings by user and by item. */
export interface MfAlsShared {
  params: MfParams;
  byUser: Csr;
  byItem: Csr;
}

/** One chunk of a half-iteration: rows [start, end) of the users' or the items' side. */
export interface MfAlsChunk {
  side: 'users' | 'items';
  start: number;
  end: number;
  reg: number;
  regBias: number;
  regExponent: number;
}

/** One side as a solve sees it: its own rows and biases, and the fixed other side's. */
interface Side {
  own: Float32Array;
  ownBias: Float32Array;
  other: Float32Array;
  otherBias: Float32Array;
  frozen: boolean;
  m: Csr;
  /** The other side's ratings (their counts scale its rows' penalties). */
  otherM: Csr;
}

function sideOf(s: MfAlsShared, side: MfAlsChunk['side']): Side {
  const p = s.params;
  return side === 'users'
    ? {
        own: p.P,
        ownBias: p.bu,
        other: p.Q,
        otherBias: p.bi,
        frozen: p.frozenUsers === true,
        m: s.byUser,
        otherM: s.byItem,
      }
    : {
        own: p.Q,
        ownBias: p.bi,
        other: p.P,
        otherBias: p.bu,
        frozen: p.frozenItems === true,
        m: s.byItem,
        otherM: s.byUser,
      };
}

/** Scratch per thread, sized for the largest system ((dim + 1)², or n² of a dual below dim + 1). */
const scratch = { size: 0, a: new Float64Array(0), b: new Float64Array(0) };
function buffers(unknowns: number): { a: Float64Array; b: Float64Array } {
  if (scratch.size < unknowns) {
    scratch.size = unknowns;
    scratch.a = new Float64Array(unknowns * unknowns);
    scratch.b = new Float64Array(unknowns);
  }
  return scratch;
}

/**
 * Solves rows [start, end) of one side in place. On the items' side (the second half, so both sides are the
 * epoch's final ones) it returns the summed per-example loss of those items' ratings, as SGD reports it.
 */
export function runMfAlsChunk(s: MfAlsShared, c: MfAlsChunk): number {
  const side = sideOf(s, c.side);
  const { dim, mu } = s.params;
  let loss = 0;
  for (let row = c.start; row < c.end; row++) {
    const from = side.m.indptr[row]!;
    const to = side.m.indptr[row + 1]!;
    if (to === from) continue; // no training rating: the row keeps its initial values
    // The row's penalties λn^ν and λ_b n^ν; its loss spreads them over its n ratings as SGD reports them.
    const weight = (to - from) ** c.regExponent;
    const reg = c.reg * weight;
    const regBias = c.regBias * weight;
    if (side.frozen) solveBias(side, row, from, to, dim, mu, regBias);
    else solveRow(side, row, from, to, dim, mu, reg, regBias);
    if (c.side === 'items') loss += rowLoss(side, row, from, to, dim, mu, c, weight);
  }
  return loss;
}

/**
 * [p; b] of one row given its total penalties Λ = diag(reg…reg, regBias): primal normal equations, or the dual
 * when n < dim + 1 and both penalties are positive.
 */
function solveRow(
  side: Side,
  row: number,
  from: number,
  to: number,
  dim: number,
  mu: number,
  reg: number,
  regBias: number,
): void {
  const { own, ownBias, other, otherBias, m } = side;
  const n = to - from;
  const D = dim + 1;
  const o = row * dim;
  if (n < D && reg > 0 && regBias > 0) {
    // Dual: K = ZΛ⁻¹Zᵀ + I, K s = t, then p = Λ⁻¹Σ s_j q_j, b = Σ s_j / Λ_b.
    const { a: K, b: t } = buffers(n);
    const lf = 1 / reg;
    const lb = 1 / regBias;
    for (let j = 0; j < n; j++) {
      const qj = m.index[from + j]! * dim;
      t[j] = m.value[from + j]! - mu - otherBias[m.index[from + j]!]!;
      for (let k = j; k < n; k++) {
        const qk = m.index[from + k]! * dim;
        let dot = 0;
        for (let f = 0; f < dim; f++) dot += other[qj + f]! * other[qk + f]!;
        K[j * n + k] = dot * lf + lb + (j === k ? 1 : 0);
      }
    }
    if (!choleskySolve(K, t, n)) return;
    for (let f = 0; f < dim; f++) own[o + f] = 0;
    let bias = 0;
    for (let j = 0; j < n; j++) {
      const qj = m.index[from + j]! * dim;
      const sj = t[j]!;
      for (let f = 0; f < dim; f++) own[o + f]! += sj * lf * other[qj + f]!;
      bias += sj * lb;
    }
    ownBias[row] = bias;
    return;
  }
  // Primal: A = Σ z zᵀ + Λ (upper triangle), rhs = Σ z t, z = [q; 1].
  const { a: A, b: rhs } = buffers(D);
  A.fill(0, 0, D * D);
  rhs.fill(0, 0, D);
  for (let e = from; e < to; e++) {
    const q = m.index[e]! * dim;
    const t = m.value[e]! - mu - otherBias[m.index[e]!]!;
    for (let f = 0; f < dim; f++) {
      const zf = other[q + f]!;
      const rf = f * D;
      for (let g = f; g < dim; g++) A[rf + g]! += zf * other[q + g]!;
      A[rf + dim]! += zf;
      rhs[f]! += zf * t;
    }
    rhs[dim]! += t;
  }
  A[dim * D + dim] = n + regBias;
  for (let f = 0; f < dim; f++) A[f * D + f]! += reg;
  if (!choleskySolve(A, rhs, D)) return; // singular only without penalties; the row keeps its values
  for (let f = 0; f < dim; f++) own[o + f] = rhs[f]!;
  ownBias[row] = rhs[dim]!;
}

/** A frozen factor row still has a trainable bias: b = Σ(t − p·q) / (n + Λ_b). */
function solveBias(side: Side, row: number, from: number, to: number, dim: number, mu: number, regBias: number): void {
  const { own, ownBias, other, otherBias, m } = side;
  let sum = 0;
  for (let e = from; e < to; e++) {
    const q = m.index[e]! * dim;
    let dot = 0;
    for (let f = 0; f < dim; f++) dot += own[row * dim + f]! * other[q + f]!;
    sum += m.value[e]! - mu - otherBias[m.index[e]!]! - dot;
  }
  ownBias[row] = sum / (to - from + regBias);
}

/**
 * Σ over the item's ratings of mf.ts's exampleLoss: ½e² + ½λ(s_u‖p‖² + s_i‖q‖²) + ½λ_b(s_u b_u² + s_i b_i²), s = n^(ν−1)
 * (`weight` is the item's n^ν; a user's comes from its own count).
 */
function rowLoss(
  side: Side,
  row: number,
  from: number,
  to: number,
  dim: number,
  mu: number,
  c: MfAlsChunk,
  weight: number,
): number {
  const { reg, regBias } = c;
  const si = weight / (to - from);
  const { own, ownBias, other, otherBias, m } = side;
  const o = row * dim;
  let ownNorm = 0;
  for (let f = 0; f < dim; f++) ownNorm += own[o + f]! ** 2;
  let loss = 0;
  for (let e = from; e < to; e++) {
    const j = m.index[e]!;
    const q = j * dim;
    let dot = 0;
    let norm = 0;
    for (let f = 0; f < dim; f++) {
      dot += own[o + f]! * other[q + f]!;
      norm += other[q + f]! ** 2;
    }
    const err = mu + ownBias[row]! + otherBias[j]! + dot - m.value[e]!;
    const su = c.regExponent === 1 ? 1 : (side.otherM.indptr[j + 1]! - side.otherM.indptr[j]!) ** (c.regExponent - 1);
    loss +=
      0.5 * err * err +
      0.5 * reg * (si * ownNorm + su * norm) +
      0.5 * regBias * (si * ownBias[row]! ** 2 + su * otherBias[j]! ** 2);
  }
  return loss;
}
