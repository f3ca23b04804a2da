// CSR matrices of the least-squares solvers: built from dataset rows, duplicates merged, transposed, split into
// chunks of equal cost.
import { describe, expect, it } from 'vitest';
import { balancedRanges, csrOf, mergeDuplicates, transpose } from './sparse';

// Rows 0..6 of a dataset: (user, item, weight); rows 2 and 4 are the same pair, row 6 a return cancelling row 5.
const users = Int32Array.from([0, 2, 0, 1, 0, 2, 2]);
const items = Int32Array.from([3, 1, 0, 3, 0, 2, 2]);
const weights = Float32Array.from([1, 2, 3, 4, 5, 6, -6]);
const rows = (m: ReturnType<typeof csrOf>): [number, number][][] =>
  Array.from({ length: m.rows }, (_, r) =>
    Array.from({ length: m.indptr[r + 1]! - m.indptr[r]! }, (_, k) => [
      m.index[m.indptr[r]! + k]!,
      m.value[m.indptr[r]! + k]!,
    ]),
  );

describe('sparse matrices for ALS', () => {
  it('builds rows from the picked dataset rows, in their order, values 1 without a weight column', () => {
    const m = csrOf(Int32Array.from([0, 1, 3, 4]), users, items, weights, 3, false);
    expect(rows(m)).toEqual([
      [
        [3, 1],
        [0, 5],
      ],
      [[3, 4]],
      [[1, 2]],
    ]);
    expect(rows(csrOf(Int32Array.from([1]), users, items, undefined, 3, true))).toEqual([[], [], [[1, 1]]]);
  });

  it('merges repeated pairs into one of their summed weight and drops pairs that sum to nothing', () => {
    const m = mergeDuplicates(csrOf(Int32Array.from([0, 1, 2, 3, 4, 5, 6]), users, items, weights, 3, false), false);
    expect(rows(m)).toEqual([
      [
        [0, 8],
        [3, 1],
      ],
      [[3, 4]],
      [[1, 2]],
    ]);
    expect(rows(transpose(m, 4, false))).toEqual([
      [[0, 8]],
      [[2, 2]],
      [],
      [
        [0, 1],
        [1, 4],
      ],
    ]);
  });

  it('cuts rows into ranges of about equal cost, covering every row once', () => {
    const m = csrOf(Int32Array.from([0, 1, 2, 3, 4, 5, 6]), users, items, weights, 3, false);
    // Row costs 3, 1, 3: the first range closes once it reaches half the total.
    expect(balancedRanges(m, 2, (n) => n)).toEqual([
      [0, 2],
      [2, 3],
    ]);
    expect(balancedRanges(m, 10, () => 1)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });
});
