// Negatives of the implicit model: drawn with weight (count + 1)^nsExponent (implicit.ts, negativeTable), never one
// of the user's own positives, and for WARP never an item without a training positive — checked on the table and
// through the real chunk kernel, whose BPR steps leave each draw's trace in the item biases.
import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { negativeTable } from './implicit';
import { runImplicitChunk, type ImplicitShared, type UserItems } from './implicitChunk';

const ITEMS = 10; // ids 2..9; item 9 has no training positive

/** 1000 users with one positive each, item k (2..8) liked by about (k − 1)² shares: popularity spread 1 to 49. */
function onePositiveEach(): UserItems & { counts: number[] } {
  const rng = createRng(3);
  const weights = [0, 0, 1, 4, 9, 16, 25, 36, 49, 0];
  const total = weights.reduce((a, b) => a + b, 0);
  const users = 1000;
  const indptr = new Int32Array(users + 3);
  const items = new Int32Array(users);
  const counts = new Array<number>(ITEMS).fill(0);
  for (let n = 0; n < users; n++) {
    let u = rng() * total;
    let i = 2;
    while (u >= weights[i]!) u -= weights[i++]!;
    items[n] = i;
    counts[i]!++;
    indptr[n + 3] = n + 1; // user n + 2 holds entry n
  }
  return { indptr, items, counts };
}

/** Each candidate's probability as the alias table draws it: its own bucket's share plus what others alias to it. */
function drawProbabilities(t: ReturnType<typeof negativeTable>): number[] {
  const n = t.items.length;
  const p = new Array<number>(n).fill(0);
  for (let k = 0; k < n; k++) {
    p[k]! += t.prob[k]! / n;
    p[t.alias[k]!]! += (1 - t.prob[k]!) / n;
  }
  return p;
}

describe('implicit negatives', () => {
  const data = onePositiveEach();

  it('weights each item by (count + 1)^exponent: uniform at 0, by popularity at 1; WARP skips untrained items', () => {
    for (const exponent of [0, 0.25, 1]) {
      const t = negativeTable(data, ITEMS, 'bpr', exponent);
      expect(Array.from(t.items)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
      const w = Array.from(t.items, (i) => (data.counts[i]! + 1) ** exponent);
      const sum = w.reduce((a, b) => a + b, 0);
      drawProbabilities(t).forEach((p, k) => expect(p).toBeCloseTo(w[k]! / sum, 12));
    }
    // WARP: only items with a training positive, at any exponent.
    expect(Array.from(negativeTable(data, ITEMS, 'warp', 0).items)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(negativeTable(data, ITEMS, 'warp', 1).items)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  for (const exponent of [0, 1]) {
    it(`BPR's kernel draws them so, never the user's own positive (exponent ${exponent})`, () => {
      // Zero factors stay zero and a tiny rate keeps every score difference ≈ 0, so each step moves the positive's
      // bias up and the negative's down by lr·σ(0) = lr/2: an item's bias counts its positive minus negative draws.
      const users = data.indptr.length - 1;
      const pairUser = new Int32Array(data.items.length);
      for (let u = 0; u < users; u++) pairUser.fill(u, data.indptr[u]!, data.indptr[u + 1]!);
      const lr = 1e-8;
      const epochs = 400;
      const negatives = negativeTable(data, ITEMS, 'bpr', exponent);
      const shared: ImplicitShared = {
        model: {
          dim: 1,
          numUsers: users,
          numItems: ITEMS,
          users: new Float32Array(users),
          items: new Float32Array(ITEMS),
          itemBias: new Float32Array(ITEMS),
        },
        adagrad: null,
        positives: data,
        pairUser,
        order: Int32Array.from({ length: data.items.length }, (_, n) => n),
        negatives,
        loss: 'bpr',
        maxSampled: 10,
        lr,
        decay: false,
        reg: 0,
        regBias: 0,
        epochs,
        features: null,
      };
      for (let e = 0; e < epochs; e++)
        runImplicitChunk(shared, { start: 0, end: data.items.length, epoch: e, seed: 1000 + e });
      const w = (i: number): number => (data.counts[i]! + 1) ** exponent;
      const total = [2, 3, 4, 5, 6, 7, 8, 9].reduce((a, i) => a + w(i), 0);
      for (let j = 2; j < ITEMS; j++) {
        const drawn = epochs * data.counts[j]! - shared.model.itemBias[j]! / (lr / 2);
        // Each positive (u, i) draws j ≠ i with probability w(j) / (total − w(i)): its own item is redrawn.
        let expected = 0;
        for (const i of data.items) if (i !== j) expected += (epochs * w(j)) / (total - w(i));
        // Within 4 standard deviations of a Poisson count.
        expect(Math.abs(drawn - expected), `item ${j}: ${drawn} drawn, ${expected} expected`).toBeLessThan(
          4 * Math.sqrt(expected),
        );
      }
    });
  }
});
