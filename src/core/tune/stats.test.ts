// Cross-validation statistics: Student's t against printed tables, and the paired comparison's interval on a
// planted difference (folds share a large effect of their own that pairing cancels), with its coverage.
import { describe, expect, it } from 'vitest';
import { createRng, gaussian } from '../random';
import { pairedInterval, studentCdf, studentQuantile, summarize } from './stats';

describe('Student’s t', () => {
  it('matches the printed two-sided 95 % and 99 % quantiles', () => {
    // Fisher & Yates' table: t(0.975; df) and t(0.995; df).
    const table: [number, number, number][] = [
      [1, 12.706, 63.657],
      [2, 4.303, 9.925],
      [4, 2.776, 4.604],
      [9, 2.262, 3.25],
      [29, 2.045, 2.756],
    ];
    for (const [df, q975, q995] of table) {
      expect(studentQuantile(0.975, df)).toBeCloseTo(q975, 2);
      expect(studentQuantile(0.995, df)).toBeCloseTo(q995, 2);
    }
    expect(studentCdf(0, 5)).toBeCloseTo(0.5, 10);
    expect(studentCdf(-2.776, 4)).toBeCloseTo(0.025, 3);
  });

  it('summarises folds as mean and sample standard deviation', () => {
    expect(summarize([1, 2, 3, 4])).toEqual({ mean: 2.5, sd: Math.sqrt(5 / 3), values: [1, 2, 3, 4] });
    expect(summarize([7]).sd).toBe(0);
  });
});

/** k folds: a shared fold effect (large), then a with noise and b = a's fold + δ with noise of its own. */
function plantedFolds(rng: () => number, k: number, delta: number, foldSd: number, noise: number) {
  const a: number[] = [];
  const b: number[] = [];
  for (let f = 0; f < k; f++) {
    const fold = 0.9 + foldSd * gaussian(rng);
    a.push(fold + noise * gaussian(rng));
    b.push(fold + delta + noise * gaussian(rng));
  }
  return { a, b };
}

describe('the paired comparison over the same folds', () => {
  it('finds a planted difference that the spread between folds would hide', () => {
    const { a, b } = plantedFolds(createRng(1), 5, -0.01, 0.02, 0.002);
    const ci = pairedInterval(a, b);
    expect(ci.low).toBeLessThan(-0.01);
    expect(ci.high).toBeGreaterThan(-0.01);
    expect(ci.high).toBeLessThan(0); // b is lower (better RMSE) for sure
    // Unpaired, the folds' own spread (sd 0.02) swamps the 0.01: the two means' intervals overlap.
    const sa = summarize(a);
    const sb = summarize(b);
    expect(Math.abs(sa.mean - sb.mean)).toBeLessThan(sa.sd + sb.sd);
  });

  it('covers the planted difference in at least 95 % of studies, and 0 when there is none', () => {
    const rng = createRng(2);
    let covered = 0;
    let zeroCovered = 0;
    const studies = 2000;
    for (let s = 0; s < studies; s++) {
      const planted = plantedFolds(rng, 5, 0.004, 0.02, 0.003);
      const ci = pairedInterval(planted.a, planted.b);
      if (ci.low <= 0.004 && ci.high >= 0.004) covered++;
      const none = plantedFolds(rng, 5, 0, 0.02, 0.003);
      const c0 = pairedInterval(none.a, none.b);
      if (c0.low <= 0 && c0.high >= 0) zeroCovered++;
    }
    // Independent folds: the Nadeau–Bengio correction makes it conservative (wider than the plain t-interval).
    expect(covered / studies).toBeGreaterThan(0.95);
    expect(zeroCovered / studies).toBeGreaterThan(0.95);
    const { a, b } = plantedFolds(createRng(3), 5, 0.004, 0.02, 0.003);
    const corrected = pairedInterval(a, b);
    const plain = pairedInterval(a, b, 0.95, false);
    expect(corrected.high - corrected.low).toBeCloseTo((plain.high - plain.low) * Math.sqrt(1 + 5 / 4), 10);
  });

  it('refuses folds that do not pair', () => {
    expect(() => pairedInterval([1, 2], [1])).toThrow(/same folds/);
  });
});
