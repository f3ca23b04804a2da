// Biased MF (mf.ts) with side features: r̂ = μ + b_u + b_i + p_u·q_i where p_u, q_i, b_u and b_i are composed
// from own rows and feature rows (featureSum.ts; LightFM's formulation carried to ratings). One SGD step on the
// per-example loss ½(r̂ − r)² + the L2 terms of every part: ∂/∂p_u = e·q_i, ∂/∂q_i = e·p_u, ∂/∂b = e, taken at
// the composed vectors (old values), then passed down to each part. Each part's L2 is scaled as mf.ts scales an
// own row's, by n^(ν−1) for its n training ratings (a feature's: those of the entities carrying it).
import type { MfHyper, MfParams } from './mf';
import {
  composeBias,
  composeTable,
  composeVector,
  descendBias,
  descendVector,
  withFrozenOwn,
  type SideFeatures,
} from './featureSum';

export type MfFeatures = SideFeatures;

/** One thread's copies of the composed p_u and q_i. */
export interface MfScratch {
  pu: Float32Array;
  qi: Float32Array;
}
export const newMfScratch = (dim: number): MfScratch => ({ pu: new Float32Array(dim), qi: new Float32Array(dim) });

/** r̂(u, i) with composed vectors and biases (x.pu and x.qi hold the vectors afterwards). */
export function featurePredict(p: MfParams, f: MfFeatures, u: number, i: number, x: MfScratch): number {
  composeVector(x.pu, p.P, u, f.users, p.dim);
  composeVector(x.qi, p.Q, i, f.items, p.dim);
  let dot = 0;
  for (let k = 0; k < p.dim; k++) dot += x.pu[k]! * x.qi[k]!;
  return p.mu + composeBias(p.bu, u, f.users) + composeBias(p.bi, i, f.items) + dot;
}

/**
 * One SGD step on (u, i, r) with the own rows' penalty scales `su`, `si`; returns the example's loss before the
 * step: ½e² plus the L2 terms of the parts that train.
 */
export function featureSgdStep(
  p: MfParams,
  f: MfFeatures,
  u: number,
  i: number,
  r: number,
  h: MfHyper,
  x: MfScratch,
  su = 1,
  si = 1,
): number {
  const e = featurePredict(p, f, u, i, x) - r;
  let l2Bias = descendBias(p.bu, null, u, f.users, e, h, su);
  l2Bias += descendBias(p.bi, null, i, f.items, e, h, si);
  // ∂/∂p_u = e·q_i and ∂/∂q_i = e·p_u: the composed copies (old values) scaled by e as each row is stepped.
  let l2 = 0;
  if (p.frozenUsers !== true || f.users)
    l2 += descendVector(p.P, null, u, withFrozenOwn(f.users, p.frozenUsers), x.qi, p.dim, h, su, e);
  if (p.frozenItems !== true || f.items)
    l2 += descendVector(p.Q, null, i, withFrozenOwn(f.items, p.frozenItems), x.pu, p.dim, h, si, e);
  return 0.5 * e * e + 0.5 * h.reg * l2 + 0.5 * h.regBias * l2Bias;
}

/** The parameters predictions use: every user and item composed (own row and bias + features'), μ as it is. */
export function composedParams(p: MfParams, f: MfFeatures | null): MfParams {
  if (!f) return p;
  const users = composeTable(p.P, p.bu, f.users, p.bu.length, p.dim);
  const items = composeTable(p.Q, p.bi, f.items, p.bi.length, p.dim);
  return { dim: p.dim, mu: p.mu, P: users.vectors, Q: items.vectors, bu: users.biases!, bi: items.biases! };
}
