import { describe, expect, it } from 'vitest';
import type { Metric } from '../../shared';
import { METRICS } from '../../shared';
import { cosineNeighbors, neighborsOfRow, neighborsOfVector } from './neighbors';
import { searchTopK } from './search';
import { TableIndex } from './tableIndex';
import { bruteForce, clusteredTable, cosine, dot, randomTable, row } from './testTables';

/** The reference: every row scored directly in double precision. */
function reference(
  t: ReturnType<typeof randomTable>,
  q: ArrayLike<number>,
  metric: Metric,
  k: number,
  eligible: (r: number) => boolean,
): { row: number; score: number }[] {
  if (metric === 'cosine') return bruteForce(t, (r) => cosine(row(t, r), q), k, eligible);
  if (metric === 'dot') return bruteForce(t, (r) => dot(row(t, r), q), k, eligible);
  const dist = (r: number): number => Math.sqrt(row(t, r).reduce((s, x, d) => s + (x - q[d]!) ** 2, 0));
  return bruteForce(t, dist, k, eligible, false);
}

function expectSame(got: { row: number; score: number }[], want: { row: number; score: number }[]): void {
  expect(got.map((x) => x.row)).toEqual(want.map((x) => x.row));
  got.forEach((x, i) => expect(x.score).toBeCloseTo(want[i]!.score, 9));
}

describe('neighbours', () => {
  // Norms that vary by row make dot and Euclidean rank differently from cosine.
  const t = randomTable(3000, 37, 11);
  for (let r = 0; r < t.rows; r++) for (let d = 0; d < t.dim; d++) t.data[r * t.dim + d]! *= 0.5 + (r % 7) / 4;

  it.each(METRICS)('%s: the top 10 of sampled rows equal brute force (PAD, OOV and the row excluded)', (metric) => {
    for (const q of [2, 3, 500, 1777, 2999]) {
      const got = neighborsOfRow(t, q, { k: 10, metric });
      expectSame(
        got,
        reference(t, row(t, q), metric, 10, (r) => r >= 2 && r !== q),
      );
    }
  });

  it.each(METRICS)('%s: an arbitrary query vector, k = 1 and k = 100', (metric) => {
    const q = Array.from({ length: t.dim }, (_, d) => Math.sin(d) * 2);
    for (const k of [1, 100])
      expectSame(
        neighborsOfVector(t, q, { k, metric }),
        reference(t, q, metric, k, (r) => r >= 2),
      );
  });

  it.each(METRICS)('%s: exact among near-ties (tight clusters, duplicate rows)', (metric) => {
    const c = clusteredTable(4000, 64, 5, 0.002);
    c.data.copyWithin(10 * 64, 500 * 64, 501 * 64); // row 10 duplicates row 500
    for (const q of [10, 500, 1234]) {
      const got = neighborsOfRow(c, q, { k: 10, metric });
      expectSame(
        got,
        reference(c, row(c, q), metric, 10, (r) => r >= 2 && r !== q),
      );
    }
  });

  it('applies the filter and the exclusions, calling the filter only for candidate rows', () => {
    let calls = 0;
    const filter = (r: number): boolean => {
      calls++;
      return r % 3 === 0;
    };
    const got = neighborsOfRow(t, 100, { k: 10, filter, exclude: [6, 9] });
    const want = reference(
      t,
      row(t, 100),
      'cosine',
      10,
      (r) => r >= 2 && r !== 100 && r % 3 === 0 && r !== 6 && r !== 9,
    );
    expectSame(got, want);
    expect(calls).toBeLessThan(t.rows / 10);
  });

  it('returns every eligible row when k exceeds them, and honours reservedRows', () => {
    const small = randomTable(6, 4, 3);
    expect(
      neighborsOfRow(small, 2, { k: 10 })
        .map((x) => x.row)
        .sort(),
    ).toEqual([3, 4, 5]);
    expect(
      neighborsOfRow(small, 2, { k: 10, reservedRows: 0 })
        .map((x) => x.row)
        .sort(),
    ).toEqual([0, 1, 3, 4, 5]);
  });

  it('scores zero rows 0 by cosine and a zero query ties every row at 0', () => {
    const z = randomTable(20, 5, 4);
    z.data.fill(0, 7 * 5, 8 * 5);
    const got = neighborsOfRow(z, 3, { k: 20 });
    expect(got.find((x) => x.row === 7)?.score).toBe(0);
    const zero = neighborsOfVector(z, new Float32Array(5), { k: 3 });
    expect(zero).toEqual([
      { row: 2, score: 0 },
      { row: 3, score: 0 },
      { row: 4, score: 0 },
    ]);
  });

  it('cosineNeighbors keeps its old contract', () => {
    expectSame(
      cosineNeighbors(t, 42, 5),
      reference(t, row(t, 42), 'cosine', 5, (r) => r >= 2 && r !== 42),
    );
  });

  it('rejects a bad k, row or query length', () => {
    expect(() => neighborsOfRow(t, 5, { k: 0 })).toThrow(/k must be/);
    expect(() => neighborsOfRow(t, t.rows, { k: 3 })).toThrow(/outside the table/);
    expect(() => neighborsOfVector(t, [1, 2], { k: 3 })).toThrow(/dim 37/);
  });

  it('reuses one index per table: norms are computed once', () => {
    const a = TableIndex.of(t);
    neighborsOfRow(t, 7, { k: 3 });
    expect(TableIndex.of(t)).toBe(a);
  });

  it('gives the same answer without the WASM kernel (plain exact scan)', () => {
    const plain = TableIndex.of({ ...t, data: t.data.slice() }, { kernel: false });
    expect(plain.hasKernel).toBe(false);
    const q = row(t, 77);
    const got = searchTopK(
      plain,
      { queries: [q], bounds: () => undefined, exact: (r) => cosine(row(t, r), q) },
      { k: 10, firstRow: 2, eligible: (r) => r !== 77 },
    );
    expectSame(
      got,
      reference(t, q, 'cosine', 10, (r) => r >= 2 && r !== 77),
    );
  });
});
