import type { VectorTable } from '../../shared';
import { describe, expect, it } from 'vitest';
import { createRng, gaussian } from '../random';
import { covariance, pca, symmetricEigen } from './pca';

/** A table whose rows 0 and 1 (PAD/OOV) hold huge values, so any use of them would show in the results. */
function tableOf(points: number[][], dim: number): VectorTable {
  const data = new Float32Array((points.length + 2) * dim);
  data.fill(1e6, 0, 2 * dim);
  points.forEach((p, i) => data.set(p, (i + 2) * dim));
  return { rows: points.length + 2, dim, data };
}

/** Reference eigen-decomposition: classical Jacobi with the largest off-diagonal pivot, straight from the textbook. */
function bruteEigen(m: number[][]): { values: number[]; vectors: number[][] } {
  const n = m.length;
  const a = m.map((r) => r.slice());
  const v = a.map((_, i) => a.map((__, j) => (i === j ? 1 : 0)));
  for (let it = 0; it < 10_000; it++) {
    let p = 0;
    let q = 1;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) if (Math.abs(a[i]![j]!) > Math.abs(a[p]![q]!)) [p, q] = [i, j];
    if (Math.abs(a[p]![q]!) < 1e-15) break;
    const phi = 0.5 * Math.atan2(2 * a[p]![q]!, a[q]![q]! - a[p]![p]!);
    const c = Math.cos(phi);
    const s = Math.sin(phi);
    const rot = (x: number[][], k: number, byRow: boolean): void => {
      const xp = byRow ? x[p]![k]! : x[k]![p]!;
      const xq = byRow ? x[q]![k]! : x[k]![q]!;
      if (byRow) [x[p]![k], x[q]![k]] = [c * xp - s * xq, s * xp + c * xq];
      else [x[k]![p], x[k]![q]] = [c * xp - s * xq, s * xp + c * xq];
    };
    for (let k = 0; k < n; k++) rot(a, k, false);
    for (let k = 0; k < n; k++) rot(a, k, true);
    for (let k = 0; k < n; k++) rot(v, k, false);
  }
  const order = a.map((_, i) => i).sort((x, y) => a[y]![y]! - a[x]![x]!);
  return { values: order.map((i) => a[i]![i]!), vectors: order.map((i) => v.map((r) => r[i]!)) };
}

function randomPoints(n: number, dim: number, seed: number, scale: (d: number) => number): number[][] {
  const rng = createRng(seed);
  // Rounded to float32 as the table stores them, so the reference sees the same numbers.
  return Array.from({ length: n }, () =>
    Array.from(Float32Array.from({ length: dim }, (_, d) => gaussian(rng) * scale(d) + 3)),
  );
}

describe('pca', () => {
  it('puts all the variance of points on a line in 5-D on the first component', () => {
    const rng = createRng(3);
    const u = [1, 2, -2, 0.5, 3];
    const norm = Math.hypot(...u);
    const points = Array.from({ length: 200 }, () => {
      const t = gaussian(rng) * 4;
      return u.map((x, d) => 10 + d + (t * x) / norm);
    });
    const r = pca(tableOf(points, 5));
    expect(r.explainedVariance[0]).toBeCloseTo(1, 5);
    expect(r.explainedVariance[1]).toBeCloseTo(0, 5);
    // The axis is the line's direction, its sign fixed so the largest entry is positive.
    u.forEach((x, d) => expect(r.axes[d]!).toBeCloseTo(x / norm, 4));
    expect(Array.from(r.rows)).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
  });

  it('separates two blobs apart along one axis on the first component', () => {
    const rng = createRng(5);
    const dim = 10;
    const labels: number[] = [];
    const points = Array.from({ length: 400 }, (_, i) => {
      labels.push(i % 2);
      return Array.from({ length: dim }, (_, d) => gaussian(rng) + (d === 3 && i % 2 === 1 ? 12 : 0));
    });
    const r = pca(tableOf(points, dim));
    expect(Math.abs(r.axes[3]!)).toBeGreaterThan(0.99);
    expect(r.explainedVariance[0]).toBeGreaterThan(0.7);
    const pc1 = (i: number): number => r.coords[i * 2]!;
    const a = labels.flatMap((l, i) => (l === 0 ? [pc1(i)] : []));
    const b = labels.flatMap((l, i) => (l === 1 ? [pc1(i)] : []));
    expect(Math.max(...a) < Math.min(...b) || Math.max(...b) < Math.min(...a)).toBe(true);
  });

  it('matches a brute-force eigen-decomposition of the covariance', () => {
    const dim = 8;
    const points = randomPoints(300, dim, 9, (d) => 1 + d * 0.7);
    const table = tableOf(points, dim);
    const k = 4;
    const r = pca(table, { components: k });
    const n = points.length;
    const mean = Array.from({ length: dim }, (_, d) => points.reduce((s, p) => s + p[d]!, 0) / n);
    const cov = mean.map((_, i) =>
      mean.map((__, j) => points.reduce((s, p) => s + (p[i]! - mean[i]!) * (p[j]! - mean[j]!), 0) / n),
    );
    const ref = bruteEigen(cov);
    const trace = ref.values.reduce((s, x) => s + x, 0);
    for (let c = 0; c < k; c++) {
      expect(r.explainedVariance[c]).toBeCloseTo(ref.values[c]! / trace, 9);
      const dot = ref.vectors[c]!.reduce((s, x, d) => s + x * r.axes[c * dim + d]!, 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 6);
    }
    // Coordinates are the centred rows on those axes.
    for (const i of [0, 17, 299]) {
      for (let c = 0; c < k; c++) {
        const want = points[i]!.reduce((s, x, d) => s + (x - mean[d]!) * r.axes[c * dim + d]!, 0);
        expect(r.coords[i * k + c]!).toBeCloseTo(want, 4);
      }
    }
  });

  it('builds the same covariance as the definition and decomposes small matrices exactly', () => {
    const points = randomPoints(50, 4, 2, () => 2);
    const { cov } = covariance(
      tableOf(points, 4),
      Int32Array.from({ length: 50 }, (_, i) => i + 2),
    );
    const { values, vectors } = symmetricEigen(cov, 4);
    for (let c = 0; c < 4; c++) {
      for (let i = 0; i < 4; i++) {
        let cv = 0;
        for (let j = 0; j < 4; j++) cv += cov[i * 4 + j]! * vectors[j * 4 + c]!;
        expect(cv).toBeCloseTo(values[c]! * vectors[i * 4 + c]!, 10);
      }
    }
    expect(values[0]).toBeGreaterThanOrEqual(values[3]!);
  });

  it('is deterministic with a seed and converges to the same answer from any seed', () => {
    const points = randomPoints(500, 30, 4, (d) => 1 / (1 + d));
    const table = tableOf(points, 30);
    const a = pca(table, { seed: 11 });
    const b = pca(table, { seed: 11 });
    const c = pca(table, { seed: 12 });
    expect(Array.from(a.coords)).toEqual(Array.from(b.coords));
    expect(a.explainedVariance).toEqual(b.explainedVariance);
    a.coords.forEach((x, i) => expect(x).toBeCloseTo(c.coords[i]!, 4));
  });

  it('handles degenerate tables: no rows, constant rows, one dimension', () => {
    expect(pca({ rows: 2, dim: 3, data: new Float32Array(6) }).coords.length).toBe(0);
    const flat = pca(
      tableOf(
        [
          [1, 1],
          [1, 1],
          [1, 1],
        ],
        2,
      ),
    );
    expect(flat.explainedVariance).toEqual([0, 0]);
    expect(Array.from(flat.coords)).toEqual([0, 0, 0, 0, 0, 0]);
    const oneD = pca(tableOf([[1], [3]], 1));
    expect(oneD.components).toBe(1);
    expect(oneD.explainedVariance).toEqual([1]);
  });
});
