import { describe, expect, it } from 'vitest';
import { factorScorer, listMetrics, namedMetrics, popularityScorer, rankingMetrics, topK } from './ranking';

const csr = (rows: number[][]): { indptr: Int32Array; items: Int32Array } => {
  const indptr = [0];
  const items: number[] = [];
  for (const r of rows) indptr.push(items.push(...r));
  return { indptr: Int32Array.from(indptr), items: Int32Array.from(items) };
};

describe('ranking metrics', () => {
  it('picks the top K by score, ties to the lower index, never PAD, OOV or −∞', () => {
    const scores = Float32Array.from([9, 9, 1, 5, 5, -Infinity, 7, NaN]);
    expect(Array.from(topK(scores, 3))).toEqual([6, 3, 4]);
    expect(Array.from(topK(scores, 10))).toEqual([6, 3, 4, 2]);
    expect(Array.from(topK(scores, 2, (i) => i === 6))).toEqual([3, 4]);
  });

  it('computes recall, NDCG, AP and hit of one list by hand', () => {
    // Hits at ranks 1 and 3 of 3 relevant items, K = 3.
    const m = listMetrics([10, 11, 12], new Set([10, 12, 99]), 3);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    const dcg = 1 + 1 / Math.log2(4);
    const idcg = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(m.ndcg).toBeCloseTo(dcg / idcg, 12);
    expect(m.ap).toBeCloseTo((1 / 1 + 2 / 3) / 3, 12);
    expect(m.hit).toBe(1);
    // The ideal is capped at K: one relevant item found at rank 2 of K = 1 is a miss.
    expect(listMetrics([5, 6], new Set([6]), 1)).toEqual({ recall: 0, ndcg: 0, ap: 0, hit: 0 });
  });

  it('excludes training items from the ranking, averages over users with held-out items, measures coverage', () => {
    // Items 2..6; users 2 and 3 (user 4 has nothing held out and is not counted).
    const numItems = 7;
    const scores = [0, 0, 5, 4, 3, 2, 1]; // everyone ranks 2 > 3 > 4 > 5 > 6
    const scorer = (_u: number, out: Float32Array): void => out.set(scores);
    const train = csr([[], [], [2], [3, 4], [2]]);
    const heldOut = csr([[], [], [3], [6], []]);
    const m = rankingMetrics(heldOut, scorer, { k: 2, numItems, exclude: train });
    // user 2: ranking without 2 is [3, 4] → hit at rank 1; user 3: without 3, 4 it is [2, 5] → miss
    expect(m.users).toBe(2);
    expect(m.recall).toBeCloseTo(0.5, 12);
    expect(m.hitRate).toBeCloseTo(0.5, 12);
    expect(m.ndcg).toBeCloseTo(0.5, 12);
    expect(m.map).toBeCloseTo(0.5, 12);
    expect(m.coverage).toBeCloseTo(4 / 5, 12); // 3, 4, 2, 5 of items 2..6
    expect(namedMetrics(m)).toEqual({
      'recall@2': m.recall,
      'ndcg@2': m.ndcg,
      'map@2': m.map,
      'hitrate@2': m.hitRate,
      coverage: m.coverage,
    });
  });

  it('scores with factors plus item bias, and popularity by training counts', () => {
    const f = factorScorer({
      dim: 2,
      users: Float32Array.from([0, 0, 0, 0, 1, 2]),
      items: Float32Array.from([0, 0, 0, 0, 3, 4, 1, 0]),
      itemBias: Float32Array.from([0, 0, 0.5, -1]),
    });
    const out = new Float32Array(4);
    f(2, out);
    expect(Array.from(out)).toEqual([0, 0, 11.5, 0]);
    popularityScorer(csr([[], [], [2, 3], [3]]), 4)(9, out);
    expect(Array.from(out)).toEqual([0, 0, 1, 2]);
  });
});
