// A new user's vector for an ials run from the items they touched: the user half-step of implicit ALS solved
// exactly (Hu, Koren & Volinsky 2008 fold in new users this way), so that the items they did not touch count too.
import { choleskySolve } from '../train/linalg';

/**
 * x = (YᵀY + λI + Σ_{i∈seen} α y_i y_iᵀ)⁻¹ Σ_{i∈seen} (1 + α) y_i over the item table Y (rows × dim), each
 * listed item taken with weight 1.
 */
export function ialsFoldIn(
  items: Float32Array,
  dim: number,
  seen: Int32Array,
  alpha: number,
  reg: number,
): Float32Array {
  const A = new Float64Array(dim * dim);
  const b = new Float64Array(dim);
  const add = (row: number, weight: number): void => {
    const o = row * dim;
    for (let p = 0; p < dim; p++) {
      const yp = weight * items[o + p]!;
      if (yp === 0) continue;
      for (let q = p; q < dim; q++) A[p * dim + q]! += yp * items[o + q]!;
    }
  };
  for (let i = 0; i < items.length / dim; i++) add(i, 1);
  for (const i of seen) {
    add(i, alpha);
    for (let p = 0; p < dim; p++) b[p]! += (1 + alpha) * items[i * dim + p]!;
  }
  for (let p = 0; p < dim; p++) A[p * dim + p]! += reg;
  if (!choleskySolve(A, b, dim)) return new Float32Array(dim);
  return Float32Array.from(b);
}
