// Top-K recommendations for a user of an mf or implicit run, with the user's own items that point most to
// each one; and for a new user, a vector folded in from a few rated items without retraining (one ALS step).
import type { TableTransfer } from '../../shared';

export interface FactorTables {
  dim: number;
  users: Float32Array;
  items: Float32Array;
  itemBias: Float32Array | null;
  numItems: number;
}

/** A run's `users` and `items` tables in the shape `recommend` reads (item biases when the model has them). */
export function factorTables(users: TableTransfer, items: TableTransfer): FactorTables {
  return { dim: items.dim, users: users.data, items: items.data, itemBias: items.bias, numItems: items.rows };
}

export interface Seen {
  items: Int32Array;
  /** The user's ratings of `items` (1 for implicit feedback). */
  ratings: Float32Array;
}

export interface Recommendation {
  item: number;
  score: number;
  /** The user's items most similar to this one (cosine of item vectors), best first. */
  because: { item: number; similarity: number }[];
}

function norms(items: Float32Array, dim: number, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += items[i * dim + k]! ** 2;
    out[i] = Math.sqrt(s);
  }
  return out;
}

/**
 * Scores b_i + p·q_i for every real item (rows ≥ 2), leaves out the seen ones, and explains each of the K best
 * by the seen items closest to it. For explicit ratings only the items rated at or above the user's mean
 * explain (a film you disliked is not why you get its sequel).
 */
export function recommend(t: FactorTables, user: Float32Array, seen: Seen, k: number, explain = 3): Recommendation[] {
  const { dim, items, itemBias, numItems } = t;
  const skip = new Uint8Array(numItems);
  for (const i of seen.items) skip[i] = 1;
  const top: { item: number; score: number }[] = [];
  for (let i = 2; i < numItems; i++) {
    if (skip[i]) continue;
    let s = itemBias ? itemBias[i]! : 0;
    for (let d = 0; d < dim; d++) s += user[d]! * items[i * dim + d]!;
    if (top.length < k || s > top[top.length - 1]!.score) {
      let at = top.length;
      while (at > 0 && top[at - 1]!.score < s) at--;
      top.splice(at, 0, { item: i, score: s });
      if (top.length > k) top.pop();
    }
  }
  const mean = seen.ratings.length ? seen.ratings.reduce((a, b) => a + b, 0) / seen.ratings.length : 0;
  const liked = Array.from(seen.items).filter((_, n) => seen.ratings[n]! >= mean);
  const norm = norms(items, dim, numItems);
  return top.map(({ item, score }) => {
    const because = liked
      .map((j) => {
        let dot = 0;
        for (let d = 0; d < dim; d++) dot += items[item * dim + d]! * items[j * dim + d]!;
        return { item: j, similarity: norm[item]! && norm[j]! ? dot / (norm[item]! * norm[j]!) : 0 };
      })
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, explain);
    return { item, score, because };
  });
}

/**
 * A new user's vector from a few (item, rating) pairs with the item table fixed: the ridge solution of
 * (QᵀQ + λI) p = Qᵀ(r − μ − b), the user half-step of alternating least squares (Hu, Koren & Volinsky 2008
 * use the same step for fold-in). For implicit feedback pass r = 1 and μ = 0.
 */
export function foldIn(
  t: FactorTables,
  items: Int32Array,
  ratings: Float32Array,
  mu: number,
  lambda: number,
): Float32Array {
  const { dim } = t;
  const A = new Float64Array(dim * dim);
  const b = new Float64Array(dim);
  for (let n = 0; n < items.length; n++) {
    const i = items[n]!;
    const target = ratings[n]! - mu - (t.itemBias ? t.itemBias[i]! : 0);
    for (let x = 0; x < dim; x++) {
      const qx = t.items[i * dim + x]!;
      b[x]! += qx * target;
      for (let y = 0; y < dim; y++) A[x * dim + y]! += qx * t.items[i * dim + y]!;
    }
  }
  for (let x = 0; x < dim; x++) A[x * dim + x]! += lambda * Math.max(1, items.length);
  return Float32Array.from(solve(A, b, dim));
}

/** Gaussian elimination with partial pivoting on a small dense system (dim × dim, dim ≤ 1024). */
function solve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c]!) > Math.abs(A[p * n + c]!)) p = r;
    if (p !== c) {
      for (let k = 0; k < n; k++) [A[c * n + k], A[p * n + k]] = [A[p * n + k]!, A[c * n + k]!];
      [b[c], b[p]] = [b[p]!, b[c]!];
    }
    const pivot = A[c * n + c]!;
    if (pivot === 0) continue;
    for (let r = c + 1; r < n; r++) {
      const f = A[r * n + c]! / pivot;
      if (f === 0) continue;
      for (let k = c; k < n; k++) A[r * n + k]! -= f * A[c * n + k]!;
      b[r]! -= f * b[c]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= A[r * n + k]! * x[k]!;
    x[r] = A[r * n + r]! ? s / A[r * n + r]! : 0;
  }
  return x;
}
