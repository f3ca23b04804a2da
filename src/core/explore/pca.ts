// Exact PCA of a table's rows: one pass for the covariance, then subspace iteration for its top eigenvectors.
import type { VectorTable } from '../../shared';
import { createRng, gaussian } from '../random';

export interface PcaOptions {
  /** Components to keep (default 2, at most `dim`). */
  components?: number;
  /** Seeds the start vectors of the iteration, so results are reproducible. */
  seed?: number;
  /** Table rows to use (default every row from 2 on). */
  rows?: Int32Array;
}

export interface PcaResult {
  /** The table row of each projected point. */
  rows: Int32Array;
  components: number;
  /** Coordinates, `rows.length × components`, row-major. */
  coords: Float32Array;
  /** Share of the total variance along each component (eigenvalue / trace). */
  explainedVariance: number[];
  /** Unit principal axes, `components × dim`, sign fixed so the largest entry is positive. */
  axes: Float64Array;
  mean: Float64Array;
}

/** The first row a projection uses: 0 and 1 are PAD and OOV. */
export const FIRST_ROW = 2;

/** Rows 2 … in index order (the most frequent first), at most `maxRows` of them. */
export function defaultRows(table: VectorTable, maxRows = Infinity): Int32Array {
  const n = Math.max(0, Math.min(table.rows - FIRST_ROW, maxRows));
  return Int32Array.from({ length: n }, (_, i) => i + FIRST_ROW);
}

/** Rows gathered per block while building the covariance (transposed, so the inner loop is contiguous). */
const BLOCK = 256;

/**
 * Mean and covariance (upper and lower triangles filled, divided by n) of the chosen rows in float64. The
 * rows are centred before the outer products rather than using E[xxᵀ] − μμᵀ, which cancels catastrophically
 * when the mean is large next to the spread.
 */
export function covariance(table: VectorTable, rows: Int32Array): { mean: Float64Array; cov: Float64Array } {
  const { dim, data } = table;
  const n = rows.length;
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    const off = rows[i]! * dim;
    for (let d = 0; d < dim; d++) mean[d]! += data[off + d]!;
  }
  for (let d = 0; d < dim; d++) mean[d]! /= Math.max(1, n);
  const cov = new Float64Array(dim * dim);
  const block = new Float64Array(dim * BLOCK); // block[d * BLOCK + b]: column-major centred rows
  for (let start = 0; start < n; start += BLOCK) {
    const b = Math.min(BLOCK, n - start);
    for (let r = 0; r < b; r++) {
      const off = rows[start + r]! * dim;
      for (let d = 0; d < dim; d++) block[d * BLOCK + r] = data[off + d]! - mean[d]!;
    }
    for (let i = 0; i < dim; i++) {
      const oi = i * BLOCK;
      for (let j = i; j < dim; j++) {
        const oj = j * BLOCK;
        let s = 0;
        for (let r = 0; r < b; r++) s += block[oi + r]! * block[oj + r]!;
        cov[i * dim + j]! += s;
      }
    }
  }
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      const v = cov[i * dim + j]! / Math.max(1, n);
      cov[i * dim + j] = v;
      cov[j * dim + i] = v;
    }
  }
  return { mean, cov };
}

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan, Matrix
 * Computations §8.5): eigenvalues descending, eigenvectors as the columns of `vectors` (n × n, row-major).
 */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i]! ** 2;
      for (let j = i + 1; j < n; j++) off += a[i * n + j]! ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y]! - a[x * n + x]!);
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src]!;
  });
  return { values, vectors };
}

/**
 * Orthonormalises the p columns of q (dim × p, column-major) in place by modified Gram–Schmidt, applied
 * twice ("twice is enough", Giraud et al. 2005); a column that vanishes (rank-deficient covariance) is
 * replaced by a fresh random direction so the basis stays complete.
 */
function orthonormalise(q: Float64Array, dim: number, p: number, rng: () => number): void {
  for (let c = 0; c < p; c++) {
    const col = q.subarray(c * dim, (c + 1) * dim);
    for (let attempt = 0; ; attempt++) {
      const before = Math.sqrt(col.reduce((s, x) => s + x * x, 0));
      for (let pass = 0; pass < 2; pass++) {
        for (let o = 0; o < c; o++) {
          const other = q.subarray(o * dim, (o + 1) * dim);
          let dot = 0;
          for (let d = 0; d < dim; d++) dot += col[d]! * other[d]!;
          for (let d = 0; d < dim; d++) col[d]! -= dot * other[d]!;
        }
      }
      const norm = Math.sqrt(col.reduce((s, x) => s + x * x, 0));
      if (norm > 1e-10 * before && norm > 0) {
        for (let d = 0; d < dim; d++) col[d]! /= norm;
        break;
      }
      if (attempt > 10) throw new Error('PCA: could not complete an orthonormal basis');
      for (let d = 0; d < dim; d++) col[d] = gaussian(rng);
    }
  }
}

/** Extra vectors iterated beside the wanted ones: convergence goes as (λ_{p+1}/λ_k)^iterations. */
const OVERSAMPLE = 8;
const MAX_ITERATIONS = 5000;
const TOLERANCE = 1e-10;

/**
 * Top-k eigenpairs of a symmetric positive semi-definite matrix by subspace iteration with Rayleigh–Ritz
 * (Saad, Numerical Methods for Large Eigenvalue Problems, ch. 5): exact to `TOLERANCE` relative residual,
 * O(dim² · p) per step, where a full Jacobi on a 1024 × 1024 covariance would be O(dim³) per sweep.
 */
export function topEigen(
  cov: Float64Array,
  dim: number,
  k: number,
  seed: number,
): { values: Float64Array; vectors: Float64Array } {
  const p = Math.min(dim, k + OVERSAMPLE);
  const rng = createRng(seed);
  let q = Float64Array.from({ length: dim * p }, () => gaussian(rng));
  orthonormalise(q, dim, p, rng);
  const z = new Float64Array(dim * p);
  const t = new Float64Array(p * p);
  let values: Float64Array = new Float64Array(p);
  // The last Ritz vectors: what is returned, also when the iteration stops at MAX_ITERATIONS unconverged.
  let ritzVectors = q;
  const scale = Math.max(...Array.from({ length: dim }, (_, i) => Math.abs(cov[i * dim + i]!)), 0);
  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    // z = C q, column by column (C is symmetric, so its rows are its columns).
    for (let c = 0; c < p; c++) {
      for (let i = 0; i < dim; i++) {
        let s = 0;
        for (let j = 0; j < dim; j++) s += cov[i * dim + j]! * q[c * dim + j]!;
        z[c * dim + i] = s;
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = a; b < p; b++) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += q[a * dim + d]! * z[b * dim + d]!;
        t[a * p + b] = s;
        t[b * p + a] = s;
      }
    }
    const eig = symmetricEigen(t, p);
    values = eig.values;
    const w = eig.vectors;
    // Ritz vectors v = q w and C v = z w; the residual ‖C v − θ v‖ says how exact each pair is.
    const ritz = new Float64Array(dim * p);
    const cRitz = new Float64Array(dim * p);
    for (let c = 0; c < p; c++) {
      for (let e = 0; e < p; e++) {
        const we = w[e * p + c]!;
        for (let d = 0; d < dim; d++) {
          ritz[c * dim + d]! += we * q[e * dim + d]!;
          cRitz[c * dim + d]! += we * z[e * dim + d]!;
        }
      }
    }
    let worst = 0;
    for (let c = 0; c < k; c++) {
      let r = 0;
      for (let d = 0; d < dim; d++) r += (cRitz[c * dim + d]! - values[c]! * ritz[c * dim + d]!) ** 2;
      worst = Math.max(worst, Math.sqrt(r));
    }
    ritzVectors = ritz;
    if (worst <= TOLERANCE * scale || scale === 0) break;
    q = cRitz;
    orthonormalise(q, dim, p, rng);
  }
  const vectors = ritzVectors.slice(0, dim * k);
  for (let c = 0; c < k; c++) {
    const col = vectors.subarray(c * dim, (c + 1) * dim);
    let big = 0;
    for (let d = 0; d < dim; d++) if (Math.abs(col[d]!) > Math.abs(big)) big = col[d]!;
    if (big < 0) for (let d = 0; d < dim; d++) col[d] = -col[d]!;
  }
  return { values: values.slice(0, k).map((x) => Math.max(0, x)), vectors };
}

/** PCA of the chosen rows: centred coordinates on the top components and their explained variance ratios. */
export function pca(table: VectorTable, options: PcaOptions = {}): PcaResult {
  const { dim, data } = table;
  const rows = options.rows ?? defaultRows(table);
  const k = Math.max(1, Math.min(options.components ?? 2, dim));
  const { mean, cov } = covariance(table, rows);
  let trace = 0;
  for (let d = 0; d < dim; d++) trace += cov[d * dim + d]!;
  const { values, vectors: axes } = topEigen(cov, dim, k, options.seed ?? 1);
  const coords = new Float32Array(rows.length * k);
  for (let i = 0; i < rows.length; i++) {
    const off = rows[i]! * dim;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += (data[off + d]! - mean[d]!) * axes[c * dim + d]!;
      coords[i * k + c] = s;
    }
  }
  const explainedVariance = Array.from(values, (v) => (trace > 0 ? v / trace : 0));
  return { rows, components: k, coords, explainedVariance, axes, mean };
}
