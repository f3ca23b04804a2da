import { describe, expect, it } from 'vitest';
import { nextItemHitRate } from './nextItem';

describe('nextItemHitRate', () => {
  // Items 2..5 in 2-D: 2 and 3 point one way, 4 and 5 the other.
  const vectors = Float32Array.from([0, 0, 0, 0, 1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9]);
  const sequences = {
    tokens: Int32Array.from([4, 2, 3, 2, 4, 9, 5, 1]),
    offsets: Int32Array.from([0, 3, 5, 6, 8]),
  };

  it('asks, for each sequence, whether its last item is among the K nearest to the one before', () => {
    // Sequences: [4 2 3] (2→3 hit at K=1), [2 4] (2→4 miss at K=1), [9] (too short), [5 1] (OOV: skipped).
    const vectorsWith9 = Float32Array.from([...vectors, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(nextItemHitRate(sequences, { vectors: vectorsWith9, dim: 2 }, { k: 1 })).toEqual({
      k: 1,
      hitRate: 0.5,
      queries: 2,
    });
    expect(nextItemHitRate(sequences, { vectors: vectorsWith9, dim: 2 }, { k: 3 }).hitRate).toBe(1);
  });

  it("scores with the context table when given (the skip-gram model's own prediction)", () => {
    const context = Float32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 5, 5, 0, 0]);
    const seqs = { tokens: Int32Array.from([2, 4]), offsets: Int32Array.from([0, 2]) };
    expect(nextItemHitRate(seqs, { vectors, dim: 2, context }, { k: 1 }).hitRate).toBe(1);
  });
});
