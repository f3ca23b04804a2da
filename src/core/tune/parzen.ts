// Parzen estimators of the Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio, Kégl, "Algorithms for
// Hyper-Parameter Optimization", NIPS 2011) in its multivariate form (Falkner, Klein, Hutter, BOHB, ICML 2018;
// Optuna's default since 4.x): a mixture with one component per observation plus a wide prior, each component a
// product over the options — a Gaussian truncated to a range's line, with the bandwidth the larger gap to its
// neighbours (the outermost: to their one neighbour), clipped below at range / min(100, n + 2) (hyperopt's "magic
// clip"); or, for a list, its value's count plus a share of the prior. Sampling picks a component and draws every
// option from it, so options that are good together are proposed together.
import type { Line } from './dimensions';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): enough for mixture weights and their ratios. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}
const normalCdf = (z: number): number => 0.5 * (1 + erf(z / Math.SQRT2));

/** One option's kernels, one per component (the prior last). */
export type Kernels =
  | { kind: 'range'; line: Line; mus: Float64Array; sigmas: Float64Array; logMass: Float64Array }
  /** `probs[c × size + v]`: component c's probability of value v. */
  | { kind: 'choice'; size: number; probs: Float64Array };

export interface Mixture {
  /** Per component, normalised. */
  weights: Float64Array;
  options: Kernels[];
}

export const PRIOR_WEIGHT = 1;

/** The kernels of points `xs` on `line`: neighbour bandwidths, then the prior centred on the range. */
export function rangeKernels(xs: readonly number[], line: Line): Kernels {
  const width = line.high - line.low;
  const n = xs.length;
  const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const mus = new Float64Array(n + 1);
  const sigmas = new Float64Array(n + 1);
  const minSigma = width / Math.min(100, n + 2);
  order.forEach((i, rank) => {
    const mu = xs[i]!;
    const left = rank > 0 ? xs[order[rank - 1]!]! : line.low;
    const right = rank < n - 1 ? xs[order[rank + 1]!]! : line.high;
    // With two points or more the outermost take the gap to their inner neighbour alone, not the one to the
    // range's end (consider_endpoints=False): a good value at the edge keeps a narrow kernel.
    const gapLeft = rank === 0 && n > 1 ? 0 : mu - left;
    const gapRight = rank === n - 1 && n > 1 ? 0 : right - mu;
    mus[i] = mu;
    sigmas[i] = Math.min(width, Math.max(minSigma, gapLeft, gapRight));
  });
  mus[n] = (line.low + line.high) / 2;
  sigmas[n] = width;
  const logMass = new Float64Array(n + 1);
  for (let c = 0; c <= n; c++) {
    const inside = normalCdf((line.high - mus[c]!) / sigmas[c]!) - normalCdf((line.low - mus[c]!) / sigmas[c]!);
    logMass[c] = Math.log(Math.max(1e-12, inside));
  }
  return { kind: 'range', line, mus, sigmas, logMass };
}

/** A list's kernels: each observation's value gets 1, every value a share of the prior; the prior uniform. */
export function choiceKernels(indices: readonly number[], size: number): Kernels {
  const n = indices.length;
  const probs = new Float64Array((n + 1) * size).fill(PRIOR_WEIGHT / (n + 1));
  indices.forEach((v, c) => (probs[c * size + v]! += 1));
  for (let c = 0; c <= n; c++) {
    let total = 0;
    for (let v = 0; v < size; v++) total += probs[c * size + v]!;
    for (let v = 0; v < size; v++) probs[c * size + v]! /= total;
  }
  return { kind: 'choice', size, probs };
}

/**
 * The components' weights for n observations in trial order, then the prior: equal below 25, else the oldest
 * n − 25 ramp up from 1/n (Optuna's default_weights: old trials of a long study count less).
 */
export function componentWeights(n: number): Float64Array {
  const w = new Float64Array(n + 1).fill(1);
  const ramp = n - 25;
  for (let i = 0; i < ramp; i++) w[i] = ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1);
  w[n] = PRIOR_WEIGHT;
  let total = 0;
  for (const x of w) total += x;
  for (let i = 0; i <= n; i++) w[i]! /= total;
  return w;
}

/** A point drawn from the mixture: a component by weight, then each option from that component's kernel. */
export function sampleMixture(m: Mixture, rng: () => number, gaussian: () => number): number[] {
  let u = rng();
  let c = 0;
  while (c < m.weights.length - 1 && u >= m.weights[c]!) u -= m.weights[c++]!;
  return m.options.map((k) => {
    if (k.kind === 'choice') {
      let r = rng();
      for (let v = 0; v < k.size - 1; v++) {
        if (r < k.probs[c * k.size + v]!) return v;
        r -= k.probs[c * k.size + v]!;
      }
      return k.size - 1;
    }
    for (let tries = 0; tries < 100; tries++) {
      const x = k.mus[c]! + k.sigmas[c]! * gaussian();
      if (x >= k.line.low && x <= k.line.high) return x;
    }
    return Math.min(k.line.high, Math.max(k.line.low, k.mus[c]!));
  });
}

/** log of the mixture's density at a point (a line position per range option, a value index per list). */
export function logDensity(m: Mixture, x: readonly number[]): number {
  const logs = new Float64Array(m.weights.length);
  for (let c = 0; c < m.weights.length; c++) {
    let log = Math.log(m.weights[c]!);
    m.options.forEach((k, d) => {
      if (k.kind === 'choice') log += Math.log(k.probs[c * k.size + x[d]!]!);
      else {
        const z = (x[d]! - k.mus[c]!) / k.sigmas[c]!;
        log += -0.5 * z * z - LOG_SQRT_2PI - Math.log(k.sigmas[c]!) - k.logMass[c]!;
      }
    });
    logs[c] = log;
  }
  let max = -Infinity;
  for (const l of logs) max = Math.max(max, l);
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - max);
  return max + Math.log(sum);
}
