import { describe, expect, it } from 'vitest';
import type { KeyedVectors } from './analogies';
import { averageRanks, evaluateSimilarity, parseSimilarityPairs, spearman } from './similarity';

describe('similarity', () => {
  it('averages the ranks of ties', () => {
    expect(Array.from(averageRanks([10, 20, 20, 30, 20]))).toEqual([1, 3, 3, 5, 3]);
  });

  it("computes Spearman's ρ with ties as scipy.stats.spearmanr does", () => {
    // scipy.stats.spearmanr([1,2,2,3,4,4,4], [3,1,2,2,5,4,6]).statistic
    expect(spearman([1, 2, 2, 3, 4, 4, 4], [3, 1, 2, 2, 5, 4, 6])).toBeCloseTo(0.7080514800462759, 12);
    expect(spearman([1, 2, 3], [30, 20, 10])).toBeCloseTo(-1, 12);
    expect(spearman([1], [2])).toBeNaN();
  });

  it('parses tab- or space-separated pairs with # comments, and names a bad line', () => {
    const pairs = parseSimilarityPairs('# WordSim\ncat\tdog\t7.5\n\ncar  auto 9\n');
    expect(pairs).toEqual([
      { a: 'cat', b: 'dog', score: 7.5 },
      { a: 'car', b: 'auto', score: 9 },
    ]);
    expect(() => parseSimilarityPairs('cat dog\n', 'ws.txt')).toThrow(/ws.txt line 1/);
  });

  it('correlates cosine similarity with the human scores and reports the OOV ratio', () => {
    const kv: KeyedVectors = {
      words: ['<pad>', '<oov>', 'cat', 'dog', 'car', 'Auto'],
      dim: 2,
      vectors: Float32Array.from([0, 0, 0, 0, 1, 0, 0.9, 0.1, 0, 1, 0.05, 0.95]),
    };
    const r = evaluateSimilarity(
      parseSimilarityPairs('cat dog 8\ncar auto 9\ncat car 1\ndog car 2\ncat unicorn 5\n'),
      kv,
    );
    expect(r.pairs).toBe(4);
    expect(r.oovRatio).toBeCloseTo(0.2, 12);
    expect(r.spearman).toBeCloseTo(1, 12);
  });
});
