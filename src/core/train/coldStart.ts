// Cold-start evaluation of implicit runs: when held-out positives fall on items with no training positive (a
// cold-items split, docs/features.md), they are also scored apart. `cold:` metrics rank only those cold items
// for each user (LightFM's cold-start setting: which of the new items will they like?); `warm:` metrics are the
// usual ones over the held-out positives of warm items. Baselines on the same footing: popularity (ties, which
// every cold item is in, broken at random rather than by vocabulary order, which counts held-out rows), random
// scores, and the popularity of an item's features.
import type { SplitMetrics } from '../../shared';
import { namedMetrics, rankingMetrics, type Scorer, type UserItemsCsr } from '../eval/ranking';
import { createRng } from '../random';
import type { Features } from '../store/features';
import { factorScorer } from '../eval/ranking';
import type { SplitScores } from './loop';
import type { ImplicitTables, Positives } from './implicitData';

const HELD_OUT = ['valid', 'test'] as const;

/** 1 for the items (≥ 2) that no training positive has. */
export function coldItems(p: Positives): Uint8Array {
  const cold = new Uint8Array(p.data.numItems).fill(1);
  cold[0] = cold[1] = 0;
  for (const i of p.csr.train.items) cold[i] = 0;
  return cold;
}

/** The held-out positives whose item is (or is not) cold. */
function only(csr: UserItemsCsr, cold: Uint8Array, want: 0 | 1): UserItemsCsr {
  const indptr = new Int32Array(csr.indptr.length);
  const items: number[] = [];
  for (let u = 0; u + 1 < csr.indptr.length; u++) {
    for (let n = csr.indptr[u]!; n < csr.indptr[u + 1]!; n++)
      if (cold[csr.items[n]!] === want) items.push(csr.items[n]!);
    indptr[u + 1] = items.length;
  }
  return { indptr, items: Int32Array.from(items) };
}

const prefixed = (prefix: string, m: Record<string, number>): SplitMetrics =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [`${prefix}:${k}`, v]));

/** `cold:` and `warm:` metrics of a scorer on a held-out split; empty when the split has no cold positive. */
export function coldWarmMetrics(
  p: Positives,
  scorer: Scorer,
  split: 'valid' | 'test',
  cold = coldItems(p),
): SplitMetrics {
  const coldHeld = only(p.heldOut[split], cold, 1);
  if (coldHeld.items.length === 0) return {};
  const amongCold: Scorer = (u, out) => {
    scorer(u, out);
    for (let i = 0; i < out.length; i++) if (cold[i] === 0) out[i] = -Infinity;
  };
  const k = p.k;
  const numItems = p.data.numItems;
  const warmHeld = only(p.heldOut[split], cold, 0);
  return {
    ...prefixed('cold', namedMetrics(rankingMetrics(coldHeld, amongCold, { k, numItems }))),
    ...(warmHeld.items.length
      ? prefixed('warm', namedMetrics(rankingMetrics(warmHeld, scorer, { k, numItems, exclude: p.csr.train })))
      : {}),
  };
}

/** The run's metrics with `cold:`/`warm:` ones added on the held-out splits (unchanged without cold positives). */
export function withColdStart(p: Positives, metrics: SplitScores, t: ImplicitTables): SplitScores {
  const cold = coldItems(p);
  const scorer = factorScorer(t);
  const out = { ...metrics };
  for (const s of HELD_OUT) out[s] = { ...metrics[s], ...coldWarmMetrics(p, scorer, s, cold) };
  return out;
}

/** Training positives per item, and a fixed random order among equal counts (below 1, so counts still rank). */
function popularity(p: Positives, seed: number): Float32Array {
  const rng = createRng(seed);
  const scores = Float32Array.from({ length: p.data.numItems }, () => 0.5 * rng());
  for (const i of p.csr.train.items) scores[i]!++;
  return scores;
}

/** Σ_f w_if · (training positives of items with feature f, each weighted w_jf): metadata's own popularity. */
function featurePopularity(p: Positives, f: Features): Float32Array {
  const byFeature = new Float64Array(f.size);
  for (const i of p.csr.train.items)
    for (let n = f.indptr[i]!; i + 1 < f.indptr.length && n < f.indptr[i + 1]!; n++)
      byFeature[f.features[n]!]! += f.weights[n]!;
  return Float32Array.from({ length: p.data.numItems }, (_, i) => {
    let s = 0;
    for (let n = f.indptr[i]!; i + 1 < f.indptr.length && n < f.indptr[i + 1]!; n++)
      s += f.weights[n]! * byFeature[f.features[n]!]!;
    return s;
  });
}

/**
 * With cold positives held out: popularity, random scores and (with item features) feature popularity, each
 * with its cold and warm metrics; without any, nothing (the usual popularity baseline stands alone).
 */
export function coldStartBaselines(
  p: Positives,
  itemFeatures: Features | null,
  seed = 42,
): Record<string, SplitScores> {
  const cold = coldItems(p);
  if (!HELD_OUT.some((s) => only(p.heldOut[s], cold, 1).items.length > 0)) return {};
  const fixed =
    (scores: Float32Array): Scorer =>
    (_u, out) =>
      out.set(scores);
  const random: Scorer = (u, out) => {
    const rng = createRng(seed * 7919 + u);
    for (let i = 0; i < out.length; i++) out[i] = rng();
  };
  const scorers: Record<string, Scorer> = { popularity: fixed(popularity(p, seed)), random };
  if (itemFeatures) scorers.featurePopularity = fixed(featurePopularity(p, itemFeatures));
  const out: Record<string, SplitScores> = {};
  for (const [name, scorer] of Object.entries(scorers)) {
    const scores: SplitScores = { train: {}, valid: {}, test: {} };
    // A split whose held-out positives are all on cold items (no plain metrics) still gets its cold ones.
    for (const s of HELD_OUT)
      scores[s] = {
        ...(p.csr[s].items.length
          ? namedMetrics(rankingMetrics(p.csr[s], scorer, { k: p.k, numItems: p.data.numItems, exclude: p.csr.train }))
          : {}),
        ...coldWarmMetrics(p, scorer, s, cold),
      };
    out[name] = scores;
  }
  return out;
}
