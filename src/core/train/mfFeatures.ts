// Biased MF (mf.ts) with side features: r̂ = μ + b_u + b_i + p_u·q_i where p_u, q_i, b_u and b_i are composed
// from own rows and feature rows (featureSum.ts; LightFM's formulation carried to ratings). One SGD step on the
// per-example loss ½(r̂ − r)² + the L2 terms of every part: ∂/∂p_u = e·q_i, ∂/∂q_i = e·p_u, ∂/∂b = e, taken at
// the composed vectors (old values), then passed down to each part.
import type { MfHyper, MfParams } from './mf';
import { composeBias, composeVector, descendBias, descendVector, withFrozenOwn, type FeatureTable } from './featureSum';

export interface MfFeatures {
  users: FeatureTable | null;
  items: FeatureTable | null;
}

export interface MfScratch {
  pu: Float32Array;
  qi: Float32Array;
  g: Float32Array;
}
export const newMfScratch = (dim: number): MfScratch => ({
  pu: new Float32Array(dim),
  qi: new Float32Array(dim),
  g: new Float32Array(dim),
});

/** r̂(u, i) with composed vectors and biases (x.pu and x.qi hold the vectors afterwards). */
export function featurePredict(p: MfParams, f: MfFeatures, u: number, i: number, x: MfScratch): number {
  composeVector(x.pu, p.P, u, f.users, p.dim);
  composeVector(x.qi, p.Q, i, f.items, p.dim);
  let dot = 0;
  for (let k = 0; k < p.dim; k++) dot += x.pu[k]! * x.qi[k]!;
  return p.mu + composeBias(p.bu, u, f.users) + composeBias(p.bi, i, f.items) + dot;
}

/** One SGD step on (u, i, r); returns the squared-error term ½e² before the step. */
export function featureSgdStep(
  p: MfParams,
  f: MfFeatures,
  u: number,
  i: number,
  r: number,
  h: MfHyper,
  x: MfScratch,
): number {
  const e = featurePredict(p, f, u, i, x) - r;
  descendBias(p.bu, null, u, f.users, e, h);
  descendBias(p.bi, null, i, f.items, e, h);
  if (p.frozenUsers !== true || f.users) {
    for (let k = 0; k < p.dim; k++) x.g[k] = e * x.qi[k]!;
    descendVector(p.P, null, u, withFrozenOwn(f.users, p.frozenUsers), x.g, p.dim, h);
  }
  if (p.frozenItems !== true || f.items) {
    for (let k = 0; k < p.dim; k++) x.g[k] = e * x.pu[k]!;
    descendVector(p.Q, null, i, withFrozenOwn(f.items, p.frozenItems), x.g, p.dim, h);
  }
  return 0.5 * e * e;
}
