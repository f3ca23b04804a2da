// Statistics of cross-validation: mean ± standard deviation over folds, Student's t quantiles, and the paired
// comparison of two configs over the same folds with the corrected resampled t-interval of Nadeau & Bengio
// ("Inference for the Generalization Error", Machine Learning 52, 2003): k-fold training sets overlap, so the
// folds' differences are correlated and the naive interval is too narrow; the variance is scaled by
// 1/k + n_test/n_train (= 1/k + 1/(k−1) for k folds) instead of 1/k.
import type { MetricSummary } from '../../shared';

export function summarize(values: readonly number[]): MetricSummary {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(n, 1);
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, values: [...values] };
}

/** ln Γ(x) by Lanczos (g = 7, n = 9), for x > 0. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the regularised incomplete beta (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const num of [
      (m * (b - m) * x) / ((a + m2 - 1) * (a + m2)),
      (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1)),
    ]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-14) break;
  }
  return h;
}

/** I_x(a, b), the regularised incomplete beta function. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The t with P(T ≤ t) = p, by bisection (p in (0.5, 1)). */
export function studentQuantile(p: number, df: number): number {
  let lo = 0;
  let hi = 1e4;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (studentCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface PairedInterval {
  meanDiff: number;
  low: number;
  high: number;
}

/**
 * The mean of b − a over paired folds with its two-sided interval at `level`; `corrected` applies Nadeau &
 * Bengio's variance correction for k-fold cross-validation (false: the plain paired t-interval).
 */
export function pairedInterval(
  a: readonly number[],
  b: readonly number[],
  level = 0.95,
  corrected = true,
): PairedInterval {
  const k = a.length;
  if (k !== b.length || k < 2) throw new Error('a paired interval needs the same folds, at least 2, on both sides');
  const d = a.map((x, i) => b[i]! - x);
  const { mean, sd } = summarize(d);
  const factor = corrected ? 1 / k + 1 / (k - 1) : 1 / k;
  const half = studentQuantile(1 - (1 - level) / 2, k - 1) * Math.sqrt(factor) * sd;
  return { meanDiff: mean, low: mean - half, high: mean + half };
}
