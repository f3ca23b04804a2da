// Implicit-feedback ranking steps on float32 tables: BPR (Rendle et al. 2009) and WARP (Weston et al. 2011, as
// LightFM samples it), score s(u, i) = b_i + p_u·q_i, updated by SGD or by Adagrad (Duchi et al. 2011).
import { softplus } from './word2vecKernel';

/** users × dim and items × dim row-major, item biases; rows 0 (PAD) and 1 (OOV) are never trained. */
export interface ImplicitModel {
  dim: number;
  numUsers: number;
  numItems: number;
  users: Float32Array;
  items: Float32Array;
  itemBias: Float32Array;
  /** Frozen factor tables (pre-trained, `trainable: false`): never written; the item bias still trains. */
  frozenUsers?: boolean;
  frozenItems?: boolean;
}

/** Adagrad's squared-gradient sums, one per parameter; they start at 1 as LightFM's do. */
export interface AdagradState {
  users: Float32Array;
  items: Float32Array;
  itemBias: Float32Array;
}

export interface StepHyper {
  lr: number;
  /** L2 on factors and on item biases: ½λ‖·‖² per example. */
  reg: number;
  regBias: number;
}

export function score(m: ImplicitModel, u: number, i: number): number {
  const { dim, users, items } = m;
  let s = m.itemBias[i]!;
  for (let k = 0, a = u * dim, b = i * dim; k < dim; k++) s += users[a + k]! * items[b + k]!;
  return s;
}

function regTerms(m: ImplicitModel, u: number, i: number, j: number, h: StepHyper): number {
  const { dim, users, items, itemBias } = m;
  let norms = 0;
  for (let k = 0; k < dim; k++) {
    norms += users[u * dim + k]! ** 2 + items[i * dim + k]! ** 2 + items[j * dim + k]! ** 2;
  }
  return 0.5 * h.reg * norms + 0.5 * h.regBias * (itemBias[i]! ** 2 + itemBias[j]! ** 2);
}

/** BPR's per-example loss −log σ(s_ui − s_uj) plus the L2 terms (what `pairUpdate` descends in BPR mode). */
export function bprLoss(m: ImplicitModel, u: number, i: number, j: number, h: StepHyper): number {
  return softplus(-(score(m, u, i) - score(m, u, j))) + regTerms(m, u, i, j, h);
}

/** WARP's per-example loss w·(1 − s_ui + s_uj) plus the L2 terms, for a violating j and a fixed weight w. */
export function warpLoss(m: ImplicitModel, u: number, i: number, j: number, w: number, h: StepHyper): number {
  return w * (1 - score(m, u, i) + score(m, u, j)) + regTerms(m, u, i, j, h);
}

// Values this small are flushed to 0 before they are stored: float32 denormals (< 1.2e-38) make every later
// read 10–100× slower (measured on Adagrad state of untouched rows) and V8 has no flush-to-zero mode.
const TINY = 1e-30;

/**
 * One descent step on the pair (u, i) ≻ (u, j), where dLds = ∂loss/∂(s_ui − s_uj) for the data term:
 * −σ(−x) for BPR, −w for WARP. Parameters move by lr·g (SGD) or lr·g/√G with G += g² (Adagrad), for
 * g = ∂loss/∂θ including the L2 terms; the old values of p_u, q_i, q_j are used throughout.
 */
export function pairUpdate(
  m: ImplicitModel,
  ada: AdagradState | null,
  u: number,
  i: number,
  j: number,
  dLds: number,
  h: StepHyper,
): void {
  const { dim, users, items, itemBias } = m;
  const { lr, reg, regBias } = h;
  const a = u * dim;
  const b = i * dim;
  const c = j * dim;
  const bi = itemBias[i]!;
  const bj = itemBias[j]!;
  const gbi = dLds + regBias * bi;
  const gbj = -dLds + regBias * bj;
  if (ada) {
    const Gi = (ada.itemBias[i] = ada.itemBias[i]! + gbi * gbi);
    const Gj = (ada.itemBias[j] = ada.itemBias[j]! + gbj * gbj);
    itemBias[i] = flush(bi - (lr * gbi) / Math.sqrt(Gi));
    itemBias[j] = flush(bj - (lr * gbj) / Math.sqrt(Gj));
  } else {
    itemBias[i] = flush(bi - lr * gbi);
    itemBias[j] = flush(bj - lr * gbj);
  }
  const trainU = m.frozenUsers !== true;
  const trainI = m.frozenItems !== true;
  for (let k = 0; k < dim; k++) {
    const pu = users[a + k]!;
    const qi = items[b + k]!;
    const qj = items[c + k]!;
    const gu = dLds * (qi - qj) + reg * pu;
    const gi = dLds * pu + reg * qi;
    const gj = -dLds * pu + reg * qj;
    if (ada) {
      if (trainU) {
        const Gu = (ada.users[a + k] = ada.users[a + k]! + gu * gu);
        users[a + k] = flush(pu - (lr * gu) / Math.sqrt(Gu));
      }
      if (trainI) {
        const Gi = (ada.items[b + k] = ada.items[b + k]! + gi * gi);
        const Gj = (ada.items[c + k] = ada.items[c + k]! + gj * gj);
        items[b + k] = flush(qi - (lr * gi) / Math.sqrt(Gi));
        items[c + k] = flush(qj - (lr * gj) / Math.sqrt(Gj));
      }
    } else {
      if (trainU) users[a + k] = flush(pu - lr * gu);
      if (trainI) {
        items[b + k] = flush(qi - lr * gi);
        items[c + k] = flush(qj - lr * gj);
      }
    }
  }
}

function flush(x: number): number {
  return x > TINY || x < -TINY ? x : 0;
}

/** One BPR step on (u, i, j); returns the data loss −log σ(x) before the step. */
export function bprStep(
  m: ImplicitModel,
  ada: AdagradState | null,
  u: number,
  i: number,
  j: number,
  h: StepHyper,
): number {
  const x = score(m, u, i) - score(m, u, j);
  // ∂/∂x softplus(−x) = −σ(−x) = −1/(1 + eˣ)
  pairUpdate(m, ada, u, i, j, -1 / (1 + Math.exp(x)), h);
  return softplus(-x);
}

/**
 * LightFM's rank-estimate weight: the first violating negative after `sampled` draws means about
 * ⌊(n − 1)/sampled⌋ items outrank the positive; the loss is weighted by log of that (at least 0).
 */
export function warpWeight(numCandidates: number, sampled: number): number {
  return Math.log(Math.max(1, Math.floor((numCandidates - 1) / sampled)));
}
