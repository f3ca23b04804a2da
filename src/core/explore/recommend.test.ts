import { describe, expect, it } from 'vitest';
import { createRng, gaussian } from '../random';
import { contributions, foldIn, recommend, type FactorTables } from './recommend';

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
  const seen = { items: Int32Array.from([2, 4]), ratings: Float32Array.from([5, 1]) };
  const base = { globalMean: 3, userBias: 0.25 };

  it('scores μ + b_u + b_i + p·q, and the parts add up to the score', () => {
    const recs = recommend(table, Float32Array.from([1, 0]), seen, base, { k: 2, lambda: 0.1 });
    expect(recs.map((r) => r.item)).toEqual([3, 5]);
    expect(recs[0]!.dot).toBeCloseTo(0.9, 6);
    expect(recs[0]!.score).toBeCloseTo(3 + 0.25 + 0 + 0.9, 6);
    for (const r of recs) expect(r.score).toBeCloseTo(base.globalMean + base.userBias + r.itemBias + r.dot, 12);
  });

  it('explains by contribution: the liked item along the same axis, never the disliked one', () => {
    const [first] = recommend(table, Float32Array.from([1, 0]), seen, base, { k: 1, lambda: 0.1 });
    // W = I / (1 + 2·0.1); item 2's target is 5 − 3 − 0.25 − 0 = 1.75, so it adds (0.9 / 1.2)·1.75.
    expect(first!.because.map((b) => b.item)).toEqual([2]);
    expect(first!.because[0]!.contribution).toBeCloseTo((0.9 / 1.2) * 1.75, 6);
    expect(first!.because[0]!.similarity).toBeCloseTo(0.9 / Math.hypot(0.9, 0.1), 6);
  });

  it('leaves out what is not eligible (never-trained or filtered items) and what the user has seen', () => {
    const recs = recommend(table, Float32Array.from([1, 0]), seen, base, {
      k: 4,
      lambda: 0.1,
      eligible: (i) => i !== 3,
    });
    expect(recs.map((r) => r.item)).toEqual([5]);
  });

  it('decomposes a folded-in user’s dot product exactly into per-item contributions', () => {
    const rng = createRng(7);
    const dim = 6;
    const numItems = 40;
    const items = Float32Array.from({ length: numItems * dim }, (_, i) => (i < 2 * dim ? 0 : gaussian(rng)));
    const bias = Float32Array.from({ length: numItems }, (_, i) => (i < 2 ? 0 : gaussian(rng) * 0.3));
    const t: FactorTables = { dim, users: new Float32Array(0), items, itemBias: bias, numItems };
    const mine = { items: Int32Array.from([3, 9, 17, 20, 33]), ratings: Float32Array.from([5, 4, 1, 3.5, 2]) };
    const user = foldIn(t, mine.items, mine.ratings, 3.2, 0.05);
    const parts = contributions(t, mine, { globalMean: 3.2, userBias: 0 }, 0.05);
    for (const item of [2, 5, 11, 39]) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += user[d]! * items[item * dim + d]!;
      expect(parts(item).reduce((a, b) => a + b, 0)).toBeCloseTo(dot, 5);
    }
  });
});
