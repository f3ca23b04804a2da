// The small ridge systems of recommendations: a user's Gram matrix over their items, (QₛᵀQₛ + λI), factored
// once by Cholesky (it is symmetric positive definite for λ > 0) and solved for many right-hand sides — fold-in
// (Hu, Koren & Volinsky 2008's user half-step) and the per-item contributions that explain a score.

/** QₛᵀQₛ + λ·max(1, n)·I over the rows `items` of a row-major items × dim table (dim × dim, row-major). */
export function userGram(table: Float32Array, dim: number, items: Int32Array, lambda: number): Float64Array {
  const A = new Float64Array(dim * dim);
  for (let n = 0; n < items.length; n++) {
    const o = items[n]! * dim;
    for (let x = 0; x < dim; x++) {
      const qx = table[o + x]!;
      if (qx === 0) continue;
      for (let y = 0; y < dim; y++) A[x * dim + y]! += qx * table[o + y]!;
    }
  }
  for (let x = 0; x < dim; x++) A[x * dim + x]! += lambda * Math.max(1, items.length);
  return A;
}

/**
 * The lower Cholesky factor L (A = L Lᵀ) of a symmetric positive semi-definite n × n matrix. A pivot that is
 * not positive (λ = 0 and fewer items than dimensions) gets a tiny ridge, so the solve stays finite.
 */
export function cholesky(A: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  let trace = 0;
  for (let i = 0; i < n; i++) trace += A[i * n + i]!;
  const jitter = Math.max(1e-12, (1e-10 * trace) / Math.max(1, n));
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j]!;
    for (let k = 0; k < j; k++) d -= L[j * n + k]! ** 2;
    const pivot = Math.sqrt(d > jitter ? d : d + jitter > 0 ? d + jitter : jitter);
    L[j * n + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = s / pivot;
    }
  }
  return L;
}

/** x with L Lᵀ x = b (forward, then back substitution). */
export function choleskySolve(L: Float64Array, b: ArrayLike<number>, n: number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * n + k]! * y[k]!;
    y[i] = s / L[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * x[k]!;
    x[i] = s / L[i * n + i]!;
  }
  return x;
}
