// Top-K ranking metrics for implicit feedback on held-out interactions (training items excluded from each
// user's ranking), catalogue coverage, and the scorers they rank with: factors, and popularity as a baseline.

/** Items per user as CSR: user u's items are items[indptr[u], indptr[u+1]). */
export interface UserItemsCsr {
  indptr: Int32Array;
  items: Int32Array;
}

/** Fills `out` (one score per item index, length numItems) for a user; higher ranks first. */
export type Scorer = (user: number, out: Float32Array) => void;

export interface RankingMetrics {
  k: number;
  /** Users with at least one held-out item: the denominator of the means. */
  users: number;
  /** Mean of |top-K ∩ held-out| / |held-out|. */
  recall: number;
  /** Mean DCG/IDCG with binary gains, 1/log₂(rank + 1), the ideal capped at min(K, |held-out|). */
  ndcg: number;
  /** Mean AP@K: Σ precision@rank over hits / min(K, |held-out|). */
  map: number;
  /** Share of users with at least one hit. */
  hitRate: number;
  /** Share of the catalogue (items ≥ 2) that appears in anyone's top K. */
  coverage: number;
}

/**
 * The K best items by score, best first; ties go to the lower index. Items where `skip(i)` holds, PAD (0),
 * OOV (1) and non-finite scores are never returned.
 */
export function topK(scores: Float32Array, k: number, skip?: (item: number) => boolean): Int32Array {
  const ids = new Int32Array(k);
  const vals = new Float64Array(k).fill(-Infinity);
  let filled = 0;
  for (let i = 2; i < scores.length; i++) {
    const s = scores[i]!;
    if (!(s > -Infinity)) continue; // also NaN
    if (filled === k && s <= vals[k - 1]!) continue;
    if (skip?.(i)) continue;
    let at = filled < k ? filled++ : k - 1;
    while (at > 0 && vals[at - 1]! < s) {
      vals[at] = vals[at - 1]!;
      ids[at] = ids[at - 1]!;
      at--;
    }
    vals[at] = s;
    ids[at] = i;
  }
  return ids.subarray(0, filled);
}

/** Recall, NDCG, AP and hit of one ranked list against a set of relevant items. */
export function listMetrics(
  ranked: ArrayLike<number>,
  relevant: ReadonlySet<number>,
  k: number,
): { recall: number; ndcg: number; ap: number; hit: number } {
  let hits = 0;
  let dcg = 0;
  let precisionSum = 0;
  const n = Math.min(k, ranked.length);
  for (let r = 0; r < n; r++) {
    if (!relevant.has(ranked[r]!)) continue;
    hits++;
    dcg += 1 / Math.log2(r + 2);
    precisionSum += hits / (r + 1);
  }
  let idcg = 0;
  const ideal = Math.min(k, relevant.size);
  for (let r = 0; r < ideal; r++) idcg += 1 / Math.log2(r + 2);
  return {
    recall: relevant.size ? hits / relevant.size : 0,
    ndcg: idcg > 0 ? dcg / idcg : 0,
    ap: ideal > 0 ? precisionSum / ideal : 0,
    hit: hits > 0 ? 1 : 0,
  };
}

/**
 * Ranks every item for each user with held-out items, leaving out the user's training items (`exclude`),
 * and averages the list metrics over those users.
 */
export function rankingMetrics(
  heldOut: UserItemsCsr,
  scorer: Scorer,
  opts: { k: number; numItems: number; exclude?: UserItemsCsr },
): RankingMetrics {
  const { k, numItems, exclude } = opts;
  const scores = new Float32Array(numItems);
  const shown = new Uint8Array(numItems);
  const sum = { recall: 0, ndcg: 0, ap: 0, hit: 0 };
  let users = 0;
  for (let u = 0; u + 1 < heldOut.indptr.length; u++) {
    const a = heldOut.indptr[u]!;
    const b = heldOut.indptr[u + 1]!;
    if (a === b) continue;
    const relevant = new Set<number>();
    for (let n = a; n < b; n++) relevant.add(heldOut.items[n]!);
    scorer(u, scores);
    if (exclude && u + 1 < exclude.indptr.length) {
      for (let n = exclude.indptr[u]!; n < exclude.indptr[u + 1]!; n++) scores[exclude.items[n]!] = -Infinity;
    }
    const ranked = topK(scores, k);
    for (const i of ranked) shown[i] = 1;
    const m = listMetrics(ranked, relevant, k);
    sum.recall += m.recall;
    sum.ndcg += m.ndcg;
    sum.ap += m.ap;
    sum.hit += m.hit;
    users++;
  }
  let covered = 0;
  for (let i = 2; i < numItems; i++) covered += shown[i]!;
  const mean = (x: number): number => (users ? x / users : NaN);
  return {
    k,
    users,
    recall: mean(sum.recall),
    ndcg: mean(sum.ndcg),
    map: mean(sum.ap),
    hitRate: mean(sum.hit),
    coverage: numItems > 2 ? covered / (numItems - 2) : 0,
  };
}

/** The metric names of the result objects: `recall@10`, `ndcg@10`, `map@10`, `hitrate@10`, `coverage`. */
export function namedMetrics(m: RankingMetrics): Record<string, number> {
  return {
    [`recall@${m.k}`]: m.recall,
    [`ndcg@${m.k}`]: m.ndcg,
    [`map@${m.k}`]: m.map,
    [`hitrate@${m.k}`]: m.hitRate,
    coverage: m.coverage,
  };
}

/** s(u, i) = b_i + p_u·q_i over row-major users × dim and items × dim tables. */
export function factorScorer(f: {
  dim: number;
  users: Float32Array;
  items: Float32Array;
  itemBias?: Float32Array;
}): Scorer {
  const { dim, users, items, itemBias } = f;
  return (u, out) => {
    const a = u * dim;
    for (let i = 0; i < out.length; i++) {
      let s = itemBias ? itemBias[i]! : 0;
      for (let k = 0, b = i * dim; k < dim; k++) s += users[a + k]! * items[b + k]!;
      out[i] = s;
    }
  };
}

/** Every user gets the items by their number of training users: the baseline a model must beat. */
export function popularityScorer(train: UserItemsCsr, numItems: number): Scorer {
  const counts = new Float32Array(numItems);
  for (let n = 0; n < train.items.length; n++) counts[train.items[n]!]!++;
  return (_u, out) => out.set(counts);
}
