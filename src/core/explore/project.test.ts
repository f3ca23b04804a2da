import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../shared';
import { createRng, gaussian } from '../random';
import { clusterAgreement } from './layout/quality';
import { pca, type DenseTable } from './pca';
import { projectTable } from './project';

/** Three well-separated Gaussian clusters of `perCluster` points in `dim`-D, rows interleaved, after PAD/OOV. */
function clusters(
  perCluster: number,
  dim: number,
  seed: number,
): { table: DenseTable; label: (row: number) => number } {
  const rng = createRng(seed);
  const n = perCluster * 3;
  const centres = [0, 1, 2].map(() => Array.from({ length: dim }, () => gaussian(rng) * 10));
  const data = new Float32Array((n + 2) * dim);
  for (let i = 0; i < n; i++) {
    const c = centres[i % 3]!;
    for (let d = 0; d < dim; d++) data[(i + 2) * dim + d] = c[d]! + gaussian(rng);
  }
  return { table: { rows: n + 2, dim, data }, label: (row) => (row - 2) % 3 };
}

/** Share of points whose nearest other point in the 2-D map carries the same label. */
const nearestNeighbourAgreement = (x: Float32Array, y: Float32Array, labels: number[]): number =>
  clusterAgreement(labels, x, y, labels.length);

describe('projectTable', () => {
  const { table, label } = clusters(60, 20, 21);

  it('maps PCA coordinates and explained variance for every row from 2 on', async () => {
    const fractions: number[] = [];
    const p = await projectTable(table, { method: 'pca', onProgress: (f) => fractions.push(f) });
    const ref = pca(table);
    expect(Array.from(p.rows)).toEqual(Array.from({ length: 180 }, (_, i) => i + 2));
    expect(p.explainedVariance).toHaveLength(2);
    expect(p.explainedVariance![0]! + p.explainedVariance![1]!).toBeGreaterThan(0.9);
    p.x.forEach((v, i) => expect(v).toBe(ref.coords[i * 2]));
    p.y.forEach((v, i) => expect(v).toBe(ref.coords[i * 2 + 1]));
    expect(fractions.at(-1)).toBe(1);
    const limited = await projectTable(table, { method: 'pca', maxRows: 10 });
    expect(Array.from(limited.rows)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('t-SNE keeps 3 clusters of 60 points in 20-D apart, with progress to 1', async () => {
    const fractions: number[] = [];
    const p = await projectTable(table, { method: 'tsne', seed: 3, onProgress: (f) => void fractions.push(f) });
    expect(p.rows.length).toBe(180);
    expect(p.explainedVariance).toBeUndefined();
    const labels = Array.from(p.rows, label);
    expect(nearestNeighbourAgreement(p.x, p.y, labels)).toBeGreaterThanOrEqual(0.95);
    expect(fractions.length).toBeGreaterThan(10);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    expect(p.x.every(Number.isFinite) && p.y.every(Number.isFinite)).toBe(true);
  });

  it('t-SNE is deterministic with a seed', async () => {
    const small = clusters(20, 8, 5).table;
    const a = await projectTable(small, { method: 'tsne', seed: 9 });
    const b = await projectTable(small, { method: 'tsne', seed: 9 });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.y)).toEqual(Array.from(b.y));
  });

  it('t-SNE takes the most frequent rows (lowest indices from 2) up to maxRows', async () => {
    const p = await projectTable(table, { method: 'tsne', maxRows: 40 });
    expect(Array.from(p.rows)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    const empty = await projectTable({ rows: 2, dim: 4, data: new Float32Array(8) }, { method: 'tsne' });
    expect(empty.rows.length).toBe(0);
  });

  it('stops t-SNE with Cancelled when the signal aborts', async () => {
    const controller = new AbortController();
    const run = projectTable(table, {
      method: 'tsne',
      signal: controller.signal,
      onProgress: (f) => f > 0.2 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'Cancelled' });
  });

  it('UMAP separates 3 planted clusters of 60 points in 20-D (silhouette and nearest-neighbour agreement)', async () => {
    const fractions: number[] = [];
    const p = await projectTable(table, { method: 'umap', seed: 4, onProgress: (f) => void fractions.push(f) });
    expect(p.rows.length).toBe(180);
    expect(p.explainedVariance).toBeUndefined();
    const labels = Array.from(p.rows, label);
    expect(nearestNeighbourAgreement(p.x, p.y, labels)).toBeGreaterThanOrEqual(0.95);
    expect(silhouette(p.x, p.y, labels)).toBeGreaterThan(0.5);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
  });

  it('UMAP of structureless noise scores a low silhouette against arbitrary labels (the score can fail)', async () => {
    // One Gaussian blob, labelled round-robin as the clusters are: no structure the labels could separate.
    const rng = createRng(2);
    const flat = { rows: 182, dim: 20, data: Float32Array.from({ length: 182 * 20 }, () => gaussian(rng)) };
    const p = await projectTable(flat, { method: 'umap', seed: 4 });
    expect(silhouette(p.x, p.y, Array.from(p.rows, label))).toBeLessThan(0.1);
  });

  it('UMAP is deterministic with a seed, honours its options and takes explicit rows', async () => {
    const small = clusters(20, 8, 5).table;
    const a = await projectTable(small, { method: 'umap', seed: 9, neighbors: 5, epochs: 50 });
    const b = await projectTable(small, { method: 'umap', seed: 9, neighbors: 5, epochs: 50 });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.y)).toEqual(Array.from(b.y));
    const rows = Int32Array.from([0, 1, 5, 9, 13, 17, 21]);
    const some = await projectTable(small, { method: 'umap', rows, neighbors: 3, epochs: 20 });
    expect(Array.from(some.rows)).toEqual(Array.from(rows));
    await expect(projectTable(small, { method: 'umap', neighbors: 1 })).rejects.toMatchObject({ code: 'BadRequest' });
    await expect(projectTable(small, { method: 'umap', rows: Int32Array.from([2, 3]) })).rejects.toMatchObject({
      code: 'BadRequest',
    });
  });

  it('stops UMAP with Cancelled when the signal aborts', async () => {
    const controller = new AbortController();
    const run = projectTable(table, {
      method: 'umap',
      signal: controller.signal,
      onProgress: (f) => f > 0.5 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'Cancelled' });
  });

  it('refuses exact t-SNE beyond its row limit and a bad perplexity, with what to do', async () => {
    const big = { rows: 5_003, dim: 1, data: new Float32Array(5_003) };
    await expect(projectTable(big, { method: 'tsne', gradient: 'exact', maxRows: 5_001 })).rejects.toMatchObject({
      code: 'BadRequest',
      message: expect.stringMatching(/gradient auto/),
    });
    await expect(projectTable(table, { method: 'tsne', perplexity: 0 })).rejects.toBeInstanceOf(WorkbenchError);
    await expect(projectTable(table, { method: 'tsne', theta: -1 })).rejects.toBeInstanceOf(WorkbenchError);
    await expect(projectTable(table, { method: 'tsne', init: 'spectral' as 'pca' })).rejects.toMatchObject({
      code: 'BadRequest',
      message: expect.stringMatching(/pca, random/),
    });
  });

  it('t-SNE honours the perplexity asked for', async () => {
    const a = await projectTable(table, { method: 'tsne', seed: 3, maxRows: 60, perplexity: 5 });
    const b = await projectTable(table, { method: 'tsne', seed: 3, maxRows: 60, perplexity: 30 });
    expect(Array.from(a.x)).not.toEqual(Array.from(b.x));
  });
});

/** Mean silhouette (Rousseeuw 1987) of labelled 2-D points: near 1 well separated, near 0 overlapping. */
function silhouette(x: Float32Array, y: Float32Array, labels: number[]): number {
  const n = x.length;
  const k = Math.max(...labels) + 1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sum = new Float64Array(k);
    const count = new Float64Array(k);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      sum[labels[j]!]! += Math.hypot(x[i]! - x[j]!, y[i]! - y[j]!);
      count[labels[j]!]!++;
    }
    const own = labels[i]!;
    const a = sum[own]! / Math.max(1, count[own]!);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && count[c]! > 0) b = Math.min(b, sum[c]! / count[c]!);
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}
