// Test fixtures for export/import: a tiny table with awkward keys and values, and a random larger one.
import type { TableTransfer } from '../../shared';
import { createRng, gaussian } from '../random';
import type { VocabEntry } from '../store/datasets';

const entry = (idx: number, key: string, count = 1): VocabEntry => ({ idx, key, count, title: null, genres: [] });

/**
 * Rows: PAD, OOV, then "a", "new york" (a space), "x\ty" (a tab). Values chosen for their shortest decimals:
 * 0.1 (float32 0.100000001…), −2.5, 1e-8, 100, 1/3 (0.33333334), −0.
 */
export function tinyTable(): { table: TableTransfer; vocab: VocabEntry[] } {
  const data = new Float32Array([
    0,
    0,
    0, // PAD
    0.5,
    0.25,
    -1, // OOV
    0.1,
    -2.5,
    1e-8,
    100,
    1 / 3,
    -0,
    1.5,
    2,
    3e20,
  ]);
  return {
    table: { name: 'items', role: 'item', rows: 5, dim: 3, data, bias: new Float32Array([0, 0, 0.75, -1.25, 2]) },
    vocab: [entry(2, 'a', 9), entry(3, 'new york', 5), entry(4, 'x\ty', 2)],
  };
}

export function randomTable(
  rows: number,
  dim: number,
  seed = 1,
  keyOf = (i: number) => `k${i}`,
): {
  table: TableTransfer;
  vocab: VocabEntry[];
} {
  const rng = createRng(seed);
  const data = new Float32Array(rows * dim);
  for (let i = 0; i < data.length; i++) data[i] = gaussian(rng);
  const bias = Float32Array.from({ length: rows }, () => gaussian(rng));
  const vocab = Array.from({ length: rows - 2 }, (_, i) => entry(i + 2, keyOf(i + 2)));
  return { table: { name: 'items', role: 'item', rows, dim, data, bias }, vocab };
}
