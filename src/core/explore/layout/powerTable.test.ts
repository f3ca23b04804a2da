// UMAP's tabled power against Math.pow, and the layout's gradient coefficients with it against umap-learn's
// formulas with two powers each, over the distances a layout meets (and far beyond).
import { describe, expect, it } from 'vitest';
import { powerTable, tablePow } from './powerTable';
import { fitAB } from './umap';
import { attraction, repulsion } from './umapLayout';

/** Squared distances from 1e-12 to 1e12, log-spaced, with a jitter so they fall anywhere inside their cells. */
const distances = Array.from(
  { length: 200_001 },
  (_, i) => 10 ** (-12 + (24 * i) / 200_000) * (1 + ((i * 7919) % 1000) / 1e4),
);

describe('the tabled power x^b', () => {
  it('is within 4e-7 of Math.pow (5e-8 at the default b) for fitted b and for b at either end of its range', () => {
    for (const b of [fitAB(0.1, 1).b, fitAB(0.5, 1).b, 0.5, 1.5]) {
      const table = powerTable(b);
      let worst = 0;
      for (const x of distances) worst = Math.max(worst, Math.abs(tablePow(table, x) / x ** b - 1));
      expect(worst, `b = ${b}`).toBeLessThan(Math.abs(b - fitAB(0.1, 1).b) < 1e-12 ? 5e-8 : 4e-7);
      expect(worst, `b = ${b}`).toBeGreaterThan(0);
    }
  });

  it('stays finite and growing beyond the float32 range', () => {
    const table = powerTable(0.9);
    const big = [3e38, 3.4e38, 1e39, 1e300].map((x) => tablePow(table, x));
    expect(big.every(Number.isFinite)).toBe(true);
    expect(big.every((v, i) => i === 0 || v > big[i - 1]!)).toBe(true);
    expect(tablePow(table, 3e38) / 3e38 ** 0.9).toBeCloseTo(1, 6);
  });

  it('gives the attraction and repulsion coefficients of umap-learn’s formulas to 1e-6', () => {
    const { a, b } = fitAB(0.1, 1);
    const table = powerTable(b);
    for (const d2 of distances.filter((_, i) => i % 97 === 0)) {
      const pb = tablePow(table, d2);
      const ga = (-2 * a * b * d2 ** (b - 1)) / (a * d2 ** b + 1);
      const gr = (2 * b) / ((0.001 + d2) * (a * d2 ** b + 1));
      expect(Math.abs(attraction(d2, pb, a, b) / ga - 1)).toBeLessThan(1e-6);
      expect(Math.abs(repulsion(d2, pb, a, b) / gr - 1)).toBeLessThan(1e-6);
    }
  });
});
