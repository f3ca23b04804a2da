import { describe, expect, it } from 'vitest';
import { aliasDraw, aliasTable, hashSeed, keepThresholds, trainedRows, unigramWeights, xorshift32 } from './sampling';

describe('sampling', () => {
  it('draws from an alias table in proportion to the weights', () => {
    const weights = Float64Array.from([0, 0, 5, 1, 3, 1]);
    const t = aliasTable(weights);
    const seen = new Float64Array(weights.length);
    let r = hashSeed(1);
    const n = 200_000;
    for (let k = 0; k < n; k++) {
      r = xorshift32(r);
      seen[aliasDraw(t, r)]!++;
    }
    weights.forEach((w, i) => expect(seen[i]! / n).toBeCloseTo(w / 10, 2));
  });

  it('gives PAD and OOV no noise weight, others count^0.75, over the trained rows only', () => {
    expect(Array.from(unigramWeights(Float64Array.from([9, 9, 16, 0, 81, 0, 0]), 0.75))).toEqual([0, 0, 8, 0, 27]);
  });

  it('keeps rows up to the last one with a count (at least PAD and OOV)', () => {
    expect(trainedRows(Float64Array.from([0, 0, 7, 0, 2, 0, 0]))).toBe(5);
    expect(trainedRows(Float64Array.from([0, 0, 0]))).toBe(2);
    expect(trainedRows(Float64Array.from([0, 0, 3]))).toBe(3);
  });

  it("keeps a word with word2vec.c's probability (√(f/(s·T)) + 1)·(s·T)/f, capped at 1", () => {
    // T = 10,000 training words, s = 1e-3: s·T = 10; f = 1000 ⇒ (√0.01... ) = (0.1 + 1)·0.01 = 0.011
    const counts = Float64Array.from([0, 50, 1000, 8990, 10, 0]);
    const keep = keepThresholds(counts, 1e-3);
    expect(keep[0]).toBe(0);
    expect(keep[1]).toBe(0); // OOV is always dropped
    expect(keep[5]).toBe(0); // and so is a word under the training minCount (count 0)
    expect(keep[2]! / 2 ** 32).toBeCloseTo((Math.sqrt(1000 / 10) + 1) * (10 / 1000), 12);
    expect(keep[4]! / 2 ** 32).toBe(1);
    expect(keepThresholds(counts, 0)[2]! / 2 ** 32).toBe(1);
  });

  it('mixes seeds into distinct non-zero states', () => {
    const seeds = new Set([hashSeed(1, 1, 0), hashSeed(1, 1, 1), hashSeed(1, 2, 0), hashSeed(2, 1, 0)]);
    expect(seeds.size).toBe(4);
    expect(seeds.has(0)).toBe(false);
  });
});
