// Orthogonal Procrustes for comparing two embedding tables of the same keys: the rotation R minimising
// ‖A R − B‖_F is R = U Vᵀ where Aᵀ B = U Σ Vᵀ (Schönemann 1966). Embeddings trained twice differ by such a
// rotation at best (the loss is invariant to it), so the distance left after aligning is what really changed.
// The SVD is a one-sided Jacobi (Hestenes) on the small dim × dim matrix Aᵀ B: simple, and accurate to
// working precision, which is all a d ≤ a few hundred square needs.
import type { VectorTable } from '../../shared';

/** A square matrix n × n, row-major, in double precision. */
export interface Square {
  n: number;
  data: Float64Array;
}

export interface Svd {
  /** M = U diag(s) Vᵀ; U and V orthogonal n × n (row-major), s ≥ 0 in descending order. */
  u: Square;
  s: Float64Array;
  v: Square;
}

const MAX_SWEEPS = 60;

/** SVD of a square matrix by one-sided Jacobi rotations on its columns. */
export function svd(m: Square): Svd {
  const { n } = m;
  // Work column-major: column j of W is W[j*n .. j*n+n), so rotations touch contiguous memory.
  const w = new Float64Array(n * n);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    v[i * n + i] = 1;
    for (let j = 0; j < n; j++) w[j * n + i] = m.data[i * n + j]!;
  }
  const eps = 2 ** -52;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0, op = p * n, oq = q * n; i < n; i++) {
          const a = w[op + i]!;
          const b = w[oq + i]!;
          alpha += a * a;
          beta += b * b;
          gamma += a * b;
        }
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // The rotation that makes columns p and q orthogonal (Golub & Van Loan §8.6.3).
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotate(w, p * n, q * n, n, c, s);
        rotate(v, p * n, q * n, n, c, s);
      }
    }
    if (!rotated) break;
  }
  // Singular values are the column norms; U's columns the normalised columns.
  const norms = Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += w[j * n + i]! ** 2;
    return Math.sqrt(s);
  });
  const order = norms.map((_, j) => j).sort((a, b) => norms[b]! - norms[a]!);
  const s = Float64Array.from(order, (j) => norms[j]!);
  const tiny = (s[0] ?? 0) * n * eps;
  const u = new Float64Array(n * n);
  const vOut = new Float64Array(n * n);
  const uCols: Float64Array[] = [];
  order.forEach((j, k) => {
    for (let i = 0; i < n; i++) vOut[i * n + k] = v[j * n + i]!;
    const col = new Float64Array(n);
    if (norms[j]! > tiny) for (let i = 0; i < n; i++) col[i] = w[j * n + i]! / norms[j]!;
    uCols.push(col);
  });
  completeBasis(uCols, s, tiny);
  uCols.forEach((col, k) => col.forEach((x, i) => (u[i * n + k] = x)));
  return { u: { n, data: u }, s, v: { n, data: vOut } };
}

/** [x_p, x_q] ← [c x_p − s x_q, s x_p + c x_q] for two columns stored at offsets op and oq. */
function rotate(a: Float64Array, op: number, oq: number, n: number, c: number, s: number): void {
  for (let i = 0; i < n; i++) {
    const x = a[op + i]!;
    const y = a[oq + i]!;
    a[op + i] = c * x - s * y;
    a[oq + i] = s * x + c * y;
  }
}

/**
 * Columns of U whose singular value is (numerically) zero are undetermined: fill them with unit vectors
 * orthogonal to the others (Gram–Schmidt over the standard basis), so that U stays orthogonal.
 */
function completeBasis(cols: Float64Array[], s: Float64Array, tiny: number): void {
  const n = cols.length;
  let e = 0;
  for (let k = 0; k < n; k++) {
    if (s[k]! > tiny) continue;
    for (; e < n; e++) {
      const x = new Float64Array(n);
      x[e] = 1;
      for (let pass = 0; pass < 2; pass++)
        cols.forEach((c, j) => {
          if (j === k || (s[j]! <= tiny && j > k)) return;
          let d = 0;
          for (let i = 0; i < n; i++) d += x[i]! * c[i]!;
          for (let i = 0; i < n; i++) x[i]! -= d * c[i]!;
        });
      let norm = 0;
      for (let i = 0; i < n; i++) norm += x[i]! ** 2;
      norm = Math.sqrt(norm);
      if (norm > 1e-8) {
        for (let i = 0; i < n; i++) x[i]! /= norm;
        cols[k] = x;
        e++;
        break;
      }
    }
  }
}

/** The orthogonal R (dim × dim, row-major) minimising ‖A R − B‖_F, for tables of the same shape. */
export function orthogonalProcrustes(a: VectorTable, b: VectorTable): Square {
  if (a.rows !== b.rows || a.dim !== b.dim)
    throw new RangeError(`Procrustes needs tables of one shape (${a.rows}×${a.dim} and ${b.rows}×${b.dim})`);
  const d = a.dim;
  // M = Aᵀ B, accumulated in double precision.
  const m = new Float64Array(d * d);
  for (let r = 0; r < a.rows; r++) {
    const o = r * d;
    for (let i = 0; i < d; i++) {
      const x = a.data[o + i]!;
      if (x === 0) continue;
      const row = i * d;
      for (let j = 0; j < d; j++) m[row + j]! += x * b.data[o + j]!;
    }
  }
  const { u, v } = svd({ n: d, data: m });
  // R = U Vᵀ
  const r = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += u.data[i * d + k]! * v.data[j * d + k]!;
      r[i * d + j] = s;
    }
  return { n: d, data: r };
}

export interface AlignedDistance {
  /** Mean over rows of ‖a_i R − b_i‖ (Euclidean). */
  meanRowDistance: number;
  /** ‖A R − B‖_F / ‖B‖_F: 0 for tables equal up to a rotation, about √2 for unrelated ones of equal scale. */
  relativeError: number;
  /** The same two figures without the rotation (R = I), for reference. */
  unalignedMeanRowDistance: number;
  unalignedRelativeError: number;
  rotation: Square;
}

/** Aligns A onto B by the Procrustes rotation and measures what is left. */
export function procrustesDistance(a: VectorTable, b: VectorTable): AlignedDistance {
  const rotation = orthogonalProcrustes(a, b);
  const d = a.dim;
  const r = rotation.data;
  const rotated = new Float64Array(d);
  let rowSum = 0;
  let sq = 0;
  let rawRowSum = 0;
  let rawSq = 0;
  let bb = 0;
  for (let row = 0; row < a.rows; row++) {
    const o = row * d;
    rotated.fill(0);
    for (let i = 0; i < d; i++) {
      const x = a.data[o + i]!;
      if (x === 0) continue;
      for (let j = 0; j < d; j++) rotated[j]! += x * r[i * d + j]!;
    }
    let e = 0;
    let raw = 0;
    for (let j = 0; j < d; j++) {
      const y = b.data[o + j]!;
      e += (rotated[j]! - y) ** 2;
      raw += (a.data[o + j]! - y) ** 2;
      bb += y * y;
    }
    rowSum += Math.sqrt(e);
    sq += e;
    rawRowSum += Math.sqrt(raw);
    rawSq += raw;
  }
  const n = Math.max(1, a.rows);
  const scale = bb > 0 ? Math.sqrt(bb) : 1;
  return {
    meanRowDistance: rowSum / n,
    relativeError: Math.sqrt(sq) / scale,
    unalignedMeanRowDistance: rawRowSum / n,
    unalignedRelativeError: Math.sqrt(rawSq) / scale,
    rotation,
  };
}
