// Small dense linear algebra for the least-squares solvers (ALS): the Cholesky solve of a symmetric positive
// definite system (Golub & Van Loan, Algorithm 4.2.1), in float64 so that float32 tables lose nothing to it.

/**
 * Solves A x = b for a symmetric positive definite n × n `a` (row-major; its upper triangle is read and its lower
 * one overwritten with the factor L, A = L Lᵀ). `b` becomes x. Returns false, leaving `b` unusable, when A is not
 * positive definite (a pivot ≤ 0: only with no regularisation and linearly dependent rows).
 */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j]!;
    for (let k = 0; k < j; k++) d -= a[rj + k]! * a[rj + k]!;
    if (!(d > 0)) return false;
    const pivot = Math.sqrt(d);
    a[rj + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[j * n + i]!; // A[j][i] = A[i][j]: the upper triangle holds the input
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = s / pivot;
    }
  }
  // L y = b, then Lᵀ x = y.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[ri + k]! * b[k]!;
    b[i] = s / a[ri + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * b[k]!;
    b[i] = s / a[i * n + i]!;
  }
  return true;
}
