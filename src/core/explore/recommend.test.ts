import { describe, expect, it } from 'vitest';
import { foldIn, recommend, type FactorTables } from './recommend';

// Items 2..5 in 2-D: 2 and 3 point along x, 4 and 5 along y (rows 0 and 1 are PAD and OOV).
const table: FactorTables = {
  dim: 2,
  users: new Float32Array(0),
  items: Float32Array.from([0, 0, 0, 0, 1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9]),
  itemBias: Float32Array.from([0, 0, 0, 0, 0.5, 0]),
  numItems: 6,
};

describe('foldIn', () => {
  it('solves the ridge system (QᵀQ + λn I) p = Qᵀ(r − μ − b) exactly', () => {
    // Items 2 and 4 are the unit axes: p_x = (4 − 3 − 0) / (1 + 2λ), p_y = (2 − 3 − 0.5) / (1 + 2λ).
    const p = foldIn(table, Int32Array.from([2, 4]), Float32Array.from([4, 2]), 3, 0.1);
    expect(p[0]).toBeCloseTo(1 / 1.2, 6);
    expect(p[1]).toBeCloseTo(-1.5 / 1.2, 6);
  });
});

describe('recommend', () => {
  it('ranks unseen items by bias + dot product and explains them by the liked items closest to them', () => {
    const recs = recommend(
      table,
      Float32Array.from([1, 0]),
      { items: Int32Array.from([2, 4]), ratings: Float32Array.from([5, 1]) },
      2,
    );
    expect(recs.map((r) => r.item)).toEqual([3, 5]);
    expect(recs[0]!.score).toBeCloseTo(0.9, 6);
    expect(recs[1]!.score).toBeCloseTo(0.1, 6);
    // Only item 2 was liked (rating ≥ the user's mean 3), so it explains both.
    expect(recs[0]!.because.map((b) => b.item)).toEqual([2]);
    expect(recs[0]!.because[0]!.similarity).toBeCloseTo(0.9 / Math.hypot(0.9, 0.1), 6);
  });
});
