// The neighbour graph and what is built on it: exact k-NN against brute force, HNSW's recall against exact,
// t-SNE's joint probabilities and UMAP's fuzzy union, each checked entry by entry on small tables.
import { describe, expect, it } from 'vitest';
import { clusteredTable, randomTable } from '../testTables';
import { tsneAffinities } from './affinities';
import { knnGraph } from './knn';
import { createAllocator } from './memory';
import { reverseEdges, symmetrise } from './sparse';
import { testContext } from './testContext';
import { fitAB } from './umap';

const distance = (t: { dim: number; data: Float32Array }, i: number, j: number): number => {
  let s = 0;
  for (let d = 0; d < t.dim; d++) s += (t.data[i * t.dim + d]! - t.data[j * t.dim + d]!) ** 2;
  return Math.sqrt(s);
};

describe('the neighbour graph', () => {
  it('is exact on small tables: the k nearest other rows, nearest first, as brute force finds them', async () => {
    const t = randomTable(300, 7, 4);
    const g = await knnGraph(t, 12, testContext());
    for (const i of [0, 17, 299]) {
      const brute = Array.from({ length: 300 }, (_, j) => j)
        .filter((j) => j !== i)
        .sort((a, b) => distance(t, i, a) - distance(t, i, b) || a - b)
        .slice(0, 12);
      expect(Array.from(g.indices.subarray(i * 12, i * 12 + 12))).toEqual(brute);
      g.distances.subarray(i * 12, i * 12 + 12).forEach((d, r) => expect(d).toBeCloseTo(distance(t, i, brute[r]!), 4));
    }
  });

  it('by HNSW finds at least 95% of the exact neighbours, never the row itself', async () => {
    const t = clusteredTable(2000, 16, 10, 1, 6);
    const exact = await knnGraph(t, 15, testContext(), 'exact');
    const approx = await knnGraph(t, 15, testContext(), 'hnsw');
    let found = 0;
    for (let i = 0; i < 2000; i++) {
      const want = new Set(exact.indices.subarray(i * 15, i * 15 + 15));
      const got = approx.indices.subarray(i * 15, i * 15 + 15);
      expect(got.includes(i)).toBe(false);
      found += got.filter((j) => want.has(j)).length;
    }
    expect(found / (2000 * 15)).toBeGreaterThan(0.95);
  });
});

describe('the symmetric graphs', () => {
  // Row i's neighbours: 3 rows, directed weights that make the two combinations easy to check by hand.
  const idx = Int32Array.from([1, 2, 3, 0, 2, 3, 0, 1, 3, 0, 1, 2]);
  const w = Float32Array.from([0.5, 0.3, 0.2, 0.6, 0.4, 0, 0.7, 0.1, 0.2, 0.9, 0.05, 0.05]);
  const at = (g: ReturnType<typeof symmetrise>, i: number, j: number): number => {
    for (let e = g.rowPtr[i]!; e < g.rowPtr[i + 1]!; e++) if (g.col[e] === j) return g.val[e]!;
    return Number.NaN;
  };

  it('gives t-SNE’s P = (p_j|i + p_i|j) / 2n, symmetric and summing to 1', () => {
    const g = symmetrise(idx, w, 4, 3, 'mean', createAllocator());
    expect(at(g, 0, 1)).toBeCloseTo((0.5 + 0.6) / 8, 6);
    expect(at(g, 1, 0)).toBeCloseTo(at(g, 0, 1), 6);
    expect(at(g, 2, 3)).toBeCloseTo((0.2 + 0.05) / 8, 6);
    expect(Array.from(g.val).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const rev = reverseEdges(g, createAllocator());
    for (let i = 0; i < 4; i++) for (let e = g.rowPtr[i]!; e < g.rowPtr[i + 1]!; e++) expect(g.col[rev[e]!]).toBe(i);
  });

  it('gives UMAP’s fuzzy union a + b − ab, an edge in one direction only keeping its weight', () => {
    const one = symmetrise(
      Int32Array.from([1, 0, 0]),
      Float32Array.from([0.8, 0, 0]),
      3,
      1,
      'fuzzyUnion',
      createAllocator(),
    );
    expect(at(one, 0, 1)).toBeCloseTo(0.8, 6);
    expect(at(one, 1, 0)).toBeCloseTo(0.8, 6);
    const g = symmetrise(idx, w, 4, 3, 'fuzzyUnion', createAllocator());
    expect(at(g, 0, 1)).toBeCloseTo(0.5 + 0.6 - 0.3, 6);
    expect(at(g, 3, 0)).toBeCloseTo(0.2 + 0.9 - 0.18, 6);
  });

  it('calibrates each row of P to the perplexity asked: entropy log(perplexity) over its neighbours', async () => {
    const t = randomTable(400, 5, 8);
    const ctx = testContext();
    const knn = await knnGraph(t, 30, ctx);
    const condP = ctx.alloc.f32('conditional affinities', 400 * 30);
    ctx.pool.share({ knnDist: knn.distances, condP });
    await ctx.pool.run('perplexity', 1, { n: 400, k: 30, perplexity: 10 });
    for (const i of [0, 199, 399]) {
      const row = Array.from(condP.subarray(i * 30, i * 30 + 30));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      const entropy = -row.reduce((s, p) => s + (p > 0 ? p * Math.log(p) : 0), 0);
      expect(Math.exp(entropy)).toBeCloseTo(10, 2);
    }
    const p = await tsneAffinities(knn, 10, testContext());
    expect(Array.from(p.val).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('fits UMAP’s a and b as umap-learn does (min_dist 0.1, spread 1: a 1.577, b 0.895)', () => {
    const { a, b } = fitAB(0.1, 1);
    expect(a).toBeCloseTo(1.577, 2);
    expect(b).toBeCloseTo(0.895, 2);
    const loose = fitAB(0.5, 1);
    expect(loose.a).toBeLessThan(a);
  });
});
