// Top-K recommendations for a user of a factor model (mf or implicit feedback) with each score's parts and the
// user's items that contribute most to it; and for a new user, a vector folded in from a few rated items
// without retraining (one ALS step).
import { cholesky, choleskySolve, userGram } from './ridge';

export interface FactorTables {
  dim: number;
  users: Float32Array;
  items: Float32Array;
  itemBias: Float32Array | null;
  numItems: number;
}

export interface Seen {
  items: Int32Array;
  /** The user's ratings of `items` (1 for implicit feedback). */
  ratings: Float32Array;
}

/** The baselines a score adds to p·q: mf's μ and b_u (0 for implicit feedback and for folded-in users). */
export interface Baselines {
  globalMean: number;
  userBias: number;
}

export interface RecommendOptions {
  k: number;
  /** Items that may be recommended (trained, enough support, the metadata filter); seen items never are. */
  eligible?: (item: number) => boolean;
  /** How many of the user's items explain each recommendation (default 3). */
  explain?: number;
  /** The L2 weight of the least-squares user vector the explanation decomposes (the run's reg). */
  lambda: number;
}

export interface Recommendation {
  item: number;
  /** μ + b_u + b_i + p·q: the sum of the parts below. */
  score: number;
  itemBias: number;
  dot: number;
  /** The liked items contributing most to the score, largest contribution first (only positive ones). */
  because: { item: number; similarity: number; contribution: number }[];
}

/** ‖q_i‖ of every item row. */
function norms(items: Float32Array, dim: number, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += items[i * dim + k]! ** 2;
    out[i] = Math.sqrt(s);
  }
  return out;
}

/** The K best eligible unseen items (rows ≥ 2) by b_i + p·q, best first; ties go to the lower row. */
function topItems(
  t: FactorTables,
  user: Float32Array,
  seen: Seen,
  opts: RecommendOptions,
): { item: number; dot: number }[] {
  const { dim, items, itemBias, numItems } = t;
  const skip = new Uint8Array(numItems);
  for (const i of seen.items) skip[i] = 1;
  const top: { item: number; s: number; dot: number }[] = [];
  for (let i = 2; i < numItems; i++) {
    if (skip[i]) continue;
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += user[d]! * items[i * dim + d]!;
    const s = (itemBias ? itemBias[i]! : 0) + dot;
    if (!(s > -Infinity)) continue;
    if (top.length === opts.k && s <= top[top.length - 1]!.s) continue;
    if (opts.eligible && !opts.eligible(i)) continue;
    let at = top.length;
    while (at > 0 && top[at - 1]!.s < s) at--;
    top.splice(at, 0, { item: i, s, dot });
    if (top.length > opts.k) top.pop();
  }
  return top;
}

/**
 * Scores μ + b_u + b_i + p·q for every eligible unseen item and keeps the K best. Each is explained by the
 * decomposition of the user's least-squares vector p* = W Σ_j q_j t_j, W = (QₛᵀQₛ + λI)⁻¹ over the user's
 * items, t_j = r_j − μ − b_u − b_j (implicit: 1 − b_j): item j contributes (q·W q_j)·t_j to q·p*, which is
 * how the `implicit` library explains an ALS score. For a folded-in user p* is their vector exactly; for a
 * trained one it is the vector their ratings alone give.
 */
export function recommend(
  t: FactorTables,
  user: Float32Array,
  seen: Seen,
  base: Baselines,
  opts: RecommendOptions,
): Recommendation[] {
  const top = topItems(t, user, seen, opts);
  const explain = opts.explain ?? 3;
  const explainer = explain > 0 ? contributions(t, seen, base, opts.lambda) : null;
  const norm = norms(t.items, t.dim, t.numItems);
  const cosine = (i: number, j: number): number => {
    let qq = 0;
    for (let d = 0; d < t.dim; d++) qq += t.items[i * t.dim + d]! * t.items[j * t.dim + d]!;
    return norm[i]! && norm[j]! ? qq / (norm[i]! * norm[j]!) : 0;
  };
  return top.map(({ item, dot }) => {
    const b = t.itemBias ? t.itemBias[item]! : 0;
    const because: Recommendation['because'] = [];
    if (explainer) {
      const parts = explainer(item);
      // Items the user liked more than the baselines predict (t_j > 0) that raise this score: a disliked item
      // anti-aligned with this one raises it too, but "because you disliked X" is not what a reader expects.
      const order = Array.from(parts.keys())
        .filter((m) => parts[m]! > 0 && explainer.targets[m]! > 0)
        .sort((x, y) => parts[y]! - parts[x]! || seen.items[x]! - seen.items[y]!)
        .slice(0, explain);
      for (const m of order) {
        const j = seen.items[m]!;
        because.push({ item: j, contribution: parts[m]!, similarity: cosine(item, j) });
      }
    }
    return { item, score: base.globalMean + base.userBias + b + dot, itemBias: b, dot, because };
  });
}

/**
 * For an item q, what each of the user's items j contributes to q·p*, p* = W Σ_j q_j t_j their least-squares
 * vector: (q·W q_j)·t_j, in `seen` order. The contributions add up to q·p* exactly.
 */
export function contributions(
  t: FactorTables,
  seen: Seen,
  base: Baselines,
  lambda: number,
): ((item: number) => Float64Array) & { targets: Float64Array } {
  const { dim, items, itemBias } = t;
  const n = seen.items.length;
  const targets = Float64Array.from(
    seen.items,
    (j, m) => seen.ratings[m]! - base.globalMean - base.userBias - (itemBias ? itemBias[j]! : 0),
  );
  const L = n > 0 ? cholesky(userGram(items, dim, seen.items, lambda), dim) : null;
  const of = (item: number): Float64Array => {
    const out = new Float64Array(n);
    if (!L) return out;
    // W is symmetric, so q·W q_j = (W q)·q_j: one solve per item, then a dot product per seen item.
    const w = choleskySolve(L, items.subarray(item * dim, (item + 1) * dim), dim);
    for (let m = 0; m < n; m++) {
      let wq = 0;
      for (let d = 0, o = seen.items[m]! * dim; d < dim; d++) wq += w[d]! * items[o + d]!;
      out[m] = wq * targets[m]!;
    }
    return out;
  };
  return Object.assign(of, { targets });
}

/**
 * A new user's vector from a few (item, rating) pairs with the item table fixed: the ridge solution of
 * (QᵀQ + λn I) p = Qᵀ(r − μ − b), the user half-step of alternating least squares (Hu, Koren & Volinsky 2008
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
  const b = new Float64Array(dim);
  for (let n = 0; n < items.length; n++) {
    const i = items[n]!;
    const target = ratings[n]! - mu - (t.itemBias ? t.itemBias[i]! : 0);
    for (let x = 0; x < dim; x++) b[x]! += t.items[i * dim + x]! * target;
  }
  const L = cholesky(userGram(t.items, dim, items, lambda), dim);
  return Float32Array.from(choleskySolve(L, b, dim));
}
