// Parzen estimators of the Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio, Kégl, "Algorithms for
// Hyper-Parameter Optimization", NIPS 2011): per dimension, a mixture of Gaussians truncated to the range, one
// at each observation plus a wide prior, with each bandwidth the larger distance to its neighbours (the outermost
// points: to their one neighbour, as Optuna), clipped below at range / min(100, 1 + n) (hyperopt's "magic clip");
// for a list of values, smoothed counts.
import type { Line } from './dimensions';

const SQRT2 = Math.SQRT2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): enough for mixture weights and their ratios. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}
const normalCdf = (z: number): number => 0.5 * (1 + erf(z / SQRT2));

export interface Mixture {
  mus: Float64Array;
  sigmas: Float64Array;
  weights: Float64Array;
  /** Each component's mass inside the range (truncation). */
  mass: Float64Array;
  line: Line;
}

export const PRIOR_WEIGHT = 1;

/** The estimator of observations `xs` on `line`: one component each, plus the prior centred on the range. */
export function mixtureOf(xs: readonly number[], line: Line): Mixture {
  const width = line.high - line.low;
  const points = [...xs, (line.low + line.high) / 2];
  const order = points.map((_, i) => i).sort((a, b) => points[a]! - points[b]!);
  const n = points.length;
  const mus = new Float64Array(n);
  const sigmas = new Float64Array(n);
  const weights = new Float64Array(n);
  const minSigma = width / Math.min(100, 1 + n);
  order.forEach((i, rank) => {
    const mu = points[i]!;
    // The outermost points take the gap to their inner neighbour alone, not the one to the range's end
    // (Optuna's default, consider_endpoints=False): a good value at the edge keeps a narrow kernel.
    const gapLeft = rank > 0 ? mu - points[order[rank - 1]!]! : 0;
    const gapRight = rank < n - 1 ? points[order[rank + 1]!]! - mu : 0;
    mus[i] = mu;
    sigmas[i] = Math.min(width, Math.max(minSigma, gapLeft, gapRight));
    weights[i] = 1;
  });
  // The prior: the last point, as wide as the range, with its own weight.
  sigmas[n - 1] = width;
  weights[n - 1] = PRIOR_WEIGHT;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i]!;
  const mass = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    weights[i]! /= total;
    mass[i] = Math.max(
      1e-12,
      normalCdf((line.high - mus[i]!) / sigmas[i]!) - normalCdf((line.low - mus[i]!) / sigmas[i]!),
    );
  }
  return { mus, sigmas, weights, mass, line };
}

/** A draw from the truncated mixture: pick a component by weight, then redraw until inside the range. */
export function sampleMixture(m: Mixture, rng: () => number, gaussian: () => number): number {
  let u = rng();
  let c = 0;
  while (c < m.weights.length - 1 && u >= m.weights[c]!) u -= m.weights[c++]!;
  for (let tries = 0; tries < 100; tries++) {
    const x = m.mus[c]! + m.sigmas[c]! * gaussian();
    if (x >= m.line.low && x <= m.line.high) return x;
  }
  return Math.min(m.line.high, Math.max(m.line.low, m.mus[c]!));
}

export function logDensity(m: Mixture, x: number): number {
  let p = 0;
  for (let i = 0; i < m.mus.length; i++) {
    const z = (x - m.mus[i]!) / m.sigmas[i]!;
    p += (m.weights[i]! / m.mass[i]!) * Math.exp(-0.5 * z * z - LOG_SQRT_2PI - Math.log(m.sigmas[i]!));
  }
  return Math.log(Math.max(p, 1e-300));
}

/** A list's estimator: each value's count among the observations plus an equal share of the prior weight. */
export function categoricalOf(indices: readonly number[], size: number): Float64Array {
  const p = new Float64Array(size).fill(PRIOR_WEIGHT / size);
  for (const i of indices) p[i]! += 1;
  const total = indices.length + PRIOR_WEIGHT;
  for (let i = 0; i < size; i++) p[i]! /= total;
  return p;
}

export function sampleCategorical(p: Float64Array, rng: () => number): number {
  let u = rng();
  for (let i = 0; i < p.length - 1; i++) {
    if (u < p[i]!) return i;
    u -= p[i]!;
  }
  return p.length - 1;
}
