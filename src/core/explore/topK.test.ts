import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { TopK } from './topK';

describe('TopK', () => {
  it('keeps the k best of a stream, best first, ties to the lower row', () => {
    const rng = createRng(3);
    for (const k of [1, 5, 10, 50]) {
      const items = Array.from({ length: 1000 }, (_, row) => ({ row, score: Math.round(rng() * 200) / 10 }));
      const top = new TopK(k);
      for (const it of items) top.push(it.score, it.row);
      const expected = [...items].sort((a, b) => b.score - a.score || a.row - b.row).slice(0, k);
      expect(top.sorted()).toEqual(expected);
    }
  });

  it('returns fewer than k when the stream is short, and reports −∞ until full', () => {
    const top = new TopK(3);
    expect(top.threshold).toBe(-Infinity);
    top.push(1, 7);
    top.push(2, 4);
    expect(top.sorted()).toEqual([
      { row: 4, score: 2 },
      { row: 7, score: 1 },
    ]);
    top.push(0.5, 9);
    expect(top.threshold).toBe(0.5);
    expect(top.admits(0.5, 8)).toBe(true);
    expect(top.admits(0.5, 10)).toBe(false);
  });

  it('never admits NaN', () => {
    const top = new TopK(2);
    top.push(1, 1);
    top.push(2, 2);
    top.push(NaN, 0);
    expect(top.sorted().map((x) => x.row)).toEqual([2, 1]);
  });
});
