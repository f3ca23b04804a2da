import { describe, expect, it } from 'vitest';
import { analogy, vectorArithmetic } from './analogy';
import { bruteForce, cosine, randomTable, row } from './testTables';
import type { VectorTable } from '../../shared';

/**
 * A hand-built table on two axes, gender and royalty, plus noise dimensions and distractors: rows 0–1 are
 * PAD/OOV. man − woman = king − queen along the gender axis, so king − man + woman = queen.
 */
function royalty(): { table: VectorTable; id: Record<string, number> } {
  const words: Record<string, number[]> = {
    '<pad>': [0, 0, 0, 0],
    '<oov>': [9, 9, 9, 9],
    man: [1, 0, 0.1, 0],
    woman: [-1, 0, 0.1, 0.05],
    king: [1, 1, 0, 0.1],
    queen: [-1, 1, 0, 0.15],
    prince: [0.9, 0.7, 0.3, 0],
    apple: [0, -0.2, 1, 0.9],
    throne: [0.1, 1.1, -0.2, 0.3],
    girl: [-0.9, -0.3, 0.3, 0],
  };
  const names = Object.keys(words);
  const data = new Float32Array(names.flatMap((n) => words[n]!));
  return { table: { rows: names.length, dim: 4, data }, id: Object.fromEntries(names.map((n, i) => [n, i])) };
}

describe('analogies', () => {
  const { table, id } = royalty();

  it.each(['3CosAdd', '3CosMul'] as const)('%s: king − man + woman = queen, inputs never returned', (method) => {
    const got = analogy(table, { a: id.king!, b: id.man!, c: id.woman! }, { k: 3, method });
    expect(got[0]!.row).toBe(id.queen);
    for (const r of got) expect([id.king, id.man, id.woman, 0, 1]).not.toContain(r.row);
  });

  it('scores are the paper’s formulas (3CosAdd: sum of cosines; 3CosMul: shifted product, ε = 0.001)', () => {
    const [a, b, c, x] = [id.king!, id.man!, id.woman!, id.queen!];
    const cos = (r: number, s: number): number => cosine(row(table, r), row(table, s));
    const add = analogy(table, { a, b, c }, { k: 1, method: '3CosAdd' })[0]!;
    expect(add.score).toBeCloseTo(cos(x, a) - cos(x, b) + cos(x, c), 12);
    const sh = (v: number): number => (v + 1) / 2;
    const mul = analogy(table, { a, b, c }, { k: 1, method: '3CosMul' })[0]!;
    expect(mul.score).toBeCloseTo((sh(cos(x, a)) * sh(cos(x, c))) / (sh(cos(x, b)) + 0.001), 12);
  });

  it.each(['3CosAdd', '3CosMul'] as const)('%s: equals brute force on random data, with a filter', (method) => {
    const t = randomTable(2500, 30, 21);
    const [a, b, c] = [10, 20, 30];
    const cos = (r: number, s: number): number => cosine(row(t, r), row(t, s));
    const sh = (v: number): number => (v + 1) / 2;
    const score =
      method === '3CosAdd'
        ? (r: number) => cos(r, a) - cos(r, b) + cos(r, c)
        : (r: number) => (sh(cos(r, a)) * sh(cos(r, c))) / (sh(cos(r, b)) + 0.001);
    const filter = (r: number): boolean => r % 2 === 1;
    const got = analogy(t, { a, b, c }, { k: 10, method, filter });
    const want = bruteForce(t, score, 10, (r) => r >= 2 && ![a, b, c].includes(r) && filter(r));
    expect(got.map((x) => x.row)).toEqual(want.map((x) => x.row));
    got.forEach((x, i) => expect(x.score).toBeCloseTo(want[i]!.score, 9));
  });

  it('vector arithmetic takes any number of positive and negative rows', () => {
    const got = vectorArithmetic(table, { positive: [id.prince!, id.woman!], negative: [id.man!] }, { k: 1 });
    expect(got[0]!.row).toBe(id.queen);
    expect(() => vectorArithmetic(table, { positive: [], negative: [id.man!] }, { k: 1 })).toThrow(/positive/);
    expect(() => analogy(table, { a: 99, b: 1, c: 2 }, { k: 1 })).toThrow(/outside the table/);
  });
});
