// One chunk of an implicit-feedback epoch: positives order[start, end) each paired with a sampled negative
// (BPR: one drawn among the user's non-positives; WARP: LightFM's search for a margin violator), each draw with
// weight (count + 1)^nsExponent (implicit.ts, negativeTable). Pure over its inputs; the unit a thread runs.
import { featureBprStep, featurePairUpdate, featureScore, newScratch, type ImplicitFeatures } from './implicitFeatures';
import { bprStep, pairUpdate, score, warpWeight, type AdagradState, type ImplicitModel } from './implicitKernel';

/** Positive items per user as CSR, each row sorted ascending (so membership is a binary search). */
/** The candidates a negative is drawn from and Walker's alias table over their weights (implicit.ts, sampling.ts). */
export interface NegativeTable {
  items: Int32Array;
  prob: Float64Array;
  alias: Int32Array;
}

export interface UserItems {
  indptr: Int32Array;
  items: Int32Array;
}

export interface ImplicitShared {
  model: ImplicitModel;
  adagrad: AdagradState | null;
  positives: UserItems;
  /** The user of each entry of positives.items. */
  pairUser: Int32Array;
  /** A permutation of the entries of positives.items, reshuffled every epoch. */
  order: Int32Array;
  /** What negatives are drawn from, and how often each (implicit.ts, negativeTable). */
  negatives: NegativeTable;
  loss: 'bpr' | 'warp';
  maxSampled: number;
  lr: number;
  /** SGD only: lr falls linearly to lr·1e-4 over all epochs; Adagrad keeps lr. */
  decay: boolean;
  reg: number;
  regBias: number;
  epochs: number;
  /** Side features summed into the vectors (implicitFeatures.ts); null: ids only. */
  features: ImplicitFeatures | null;
}

export interface ImplicitChunk {
  start: number;
  end: number;
  epoch: number;
  seed: number;
}

export interface ImplicitChunkResult {
  loss: number;
  pairs: number;
  /** Positives that got an update (WARP skips those with no violator within maxSampled draws). */
  updates: number;
}

export function isPositive(p: UserItems, u: number, j: number): boolean {
  let lo = p.indptr[u]!;
  let hi = p.indptr[u + 1]!;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = p.items[mid]!;
    if (v === j) return true;
    if (v < j) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

const NEGATIVE_TRIES = 20;

export function runImplicitChunk(d: ImplicitShared, chunk: ImplicitChunk): ImplicitChunkResult {
  const { model, adagrad, positives, pairUser, order, negatives, maxSampled } = d;
  const { items: candidateItems, prob, alias } = negatives;
  const candidates = candidateItems.length;
  const total = Math.max(1, d.epochs * order.length);
  const hyper = { lr: d.lr, reg: d.reg, regBias: d.regBias };
  const f = d.features;
  const scratch = newScratch(model.dim);
  const scoreOf = (u: number, i: number): number => (f ? featureScore(model, f, u, i, scratch) : score(model, u, i));
  let r = chunk.seed | 0 || 1;
  const draw = (): number => {
    r ^= r << 13;
    r ^= r >>> 17;
    r ^= r << 5;
    // Walker's alias draw (sampling.ts, aliasDraw), inlined: the bucket from the value, the coin from its fraction.
    const x = (r >>> 0) * (candidates / 4294967296);
    const k = x | 0;
    return candidateItems[x - k < prob[k]! ? k : alias[k]!]!;
  };
  let loss = 0;
  let updates = 0;
  for (let n = chunk.start; n < chunk.end; n++) {
    const x = order[n]!;
    const u = pairUser[x]!;
    const i = positives.items[x]!;
    if (d.decay) hyper.lr = d.lr * Math.max(1e-4, 1 - (chunk.epoch * order.length + n) / total);
    if (d.loss === 'bpr') {
      let j = -1;
      for (let t = 0; t < NEGATIVE_TRIES && j < 0; t++) {
        const c = draw();
        if (!isPositive(positives, u, c)) j = c;
      }
      if (j < 0) continue; // the user has (nearly) every item
      loss += f ? featureBprStep(model, adagrad, f, u, i, j, hyper, scratch) : bprStep(model, adagrad, u, i, j, hyper);
      updates++;
    } else {
      const si = scoreOf(u, i);
      for (let sampled = 1; sampled <= maxSampled; sampled++) {
        const j = draw();
        const sj = scoreOf(u, j);
        if (sj <= si - 1) continue;
        if (isPositive(positives, u, j)) continue;
        const w = warpWeight(candidates, sampled);
        loss += w * (1 - si + sj);
        if (f) featurePairUpdate(model, adagrad, f, u, i, j, -w, hyper, scratch);
        else pairUpdate(model, adagrad, u, i, j, -w, hyper);
        updates++;
        break;
      }
    }
  }
  return { loss, pairs: chunk.end - chunk.start, updates };
}
