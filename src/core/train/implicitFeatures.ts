// BPR and WARP steps (implicitKernel.ts) with side features: s(u, i) = b_i + p_u·q_i where p_u, q_i and b_i are
// composed from own rows and feature rows (featureSum.ts). The data gradients are those of pairUpdate, taken
// with respect to the composed vectors (old values throughout), then passed down to every part.
import { softplus } from './word2vecKernel';
import type { AdagradState, ImplicitModel, StepHyper } from './implicitKernel';
import { composeBias, composeVector, descendBias, descendVector, withFrozenOwn, type FeatureTable } from './featureSum';

export interface ImplicitFeatures {
  users: FeatureTable | null;
  items: FeatureTable | null;
}

/** Scratch vectors of one thread: composed p_u, q_i, q_j and the gradients. */
export interface Scratch {
  pu: Float32Array;
  qi: Float32Array;
  qj: Float32Array;
  g: Float32Array;
}
export const newScratch = (dim: number): Scratch => ({
  pu: new Float32Array(dim),
  qi: new Float32Array(dim),
  qj: new Float32Array(dim),
  g: new Float32Array(dim),
});

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

/** s(u, i) with composed vectors (scratch.pu and scratch.qi hold them afterwards). */
export function featureScore(m: ImplicitModel, f: ImplicitFeatures, u: number, i: number, x: Scratch): number {
  composeVector(x.pu, m.users, u, f.users, m.dim);
  composeVector(x.qi, m.items, i, f.items, m.dim);
  return composeBias(m.itemBias, i, f.items) + dot(x.pu, x.qi);
}

/** The pair's data term x = s_ui − s_uj on composed vectors. */
export function featureMargin(
  m: ImplicitModel,
  f: ImplicitFeatures,
  u: number,
  i: number,
  j: number,
  x: Scratch,
): number {
  const si = featureScore(m, f, u, i, x);
  composeVector(x.qj, m.items, j, f.items, m.dim);
  return si - composeBias(m.itemBias, j, f.items) - dot(x.pu, x.qj);
}

/**
 * One descent step on (u, i) ≻ (u, j) with dLds = ∂loss/∂(s_ui − s_uj): ∂/∂p_u = dLds (q_i − q_j),
 * ∂/∂q_i = dLds p_u, ∂/∂q_j = −dLds p_u, ∂/∂b_i = dLds, ∂/∂b_j = −dLds, each part with its own L2 term.
 */
export function featurePairUpdate(
  m: ImplicitModel,
  ada: AdagradState | null,
  f: ImplicitFeatures,
  u: number,
  i: number,
  j: number,
  dLds: number,
  h: StepHyper,
  x: Scratch,
): void {
  const { dim } = m;
  composeVector(x.pu, m.users, u, f.users, dim);
  composeVector(x.qi, m.items, i, f.items, dim);
  composeVector(x.qj, m.items, j, f.items, dim);
  descendBias(m.itemBias, ada?.itemBias ?? null, i, f.items, dLds, h);
  descendBias(m.itemBias, ada?.itemBias ?? null, j, f.items, -dLds, h);
  if (m.frozenUsers !== true || f.users) {
    for (let k = 0; k < dim; k++) x.g[k] = dLds * (x.qi[k]! - x.qj[k]!);
    descendVector(m.users, ada?.users ?? null, u, withFrozenOwn(f.users, m.frozenUsers), x.g, dim, h);
  }
  if (m.frozenItems !== true || f.items) {
    for (let k = 0; k < dim; k++) x.g[k] = dLds * x.pu[k]!;
    descendVector(m.items, ada?.items ?? null, i, withFrozenOwn(f.items, m.frozenItems), x.g, dim, h);
    for (let k = 0; k < dim; k++) x.g[k] = -dLds * x.pu[k]!;
    descendVector(m.items, ada?.items ?? null, j, withFrozenOwn(f.items, m.frozenItems), x.g, dim, h);
  }
}

/** One BPR step with features; returns the data loss −log σ(x) before the step. */
export function featureBprStep(
  m: ImplicitModel,
  ada: AdagradState | null,
  f: ImplicitFeatures,
  u: number,
  i: number,
  j: number,
  h: StepHyper,
  x: Scratch,
): number {
  const margin = featureMargin(m, f, u, i, j, x);
  featurePairUpdate(m, ada, f, u, i, j, -1 / (1 + Math.exp(margin)), h, x);
  return softplus(-margin);
}
