// Small pieces the tfjs models share: [B, 1] input columns, a table's start (initializer + pre-trained rows), and
// the number of rows a split touches (the scale of Keras l2, which penalises the whole table every batch).
import type { Tensor } from '@tensorflow/tfjs-core';
import { applyInitialRows, type InitialRows } from '../train/initialRows';
import type { Tf } from './backend';
import type { TableOptions } from './models';

/** A [B, 1] tensor from an index or target array. */
export const column = (tf: Tf, values: Int32Array | Float32Array, dtype: 'int32' | 'float32'): Tensor =>
  tf.tensor2d(values, [values.length, 1], dtype);

/** The CPU engine's initializer values with pre-trained rows on top; a frozen table is `trainable: false`. */
export function tableOptions(base: Float32Array, dim: number, init: InitialRows | undefined): TableOptions {
  applyInitialRows(base, dim, init);
  return { initial: base, trainable: init ? init.trainable : true };
}

/** Distinct ids among `rows` (at least 1). */
export function activeRows(ids: Int32Array, rows: Int32Array): number {
  const seen = new Set<number>();
  for (const r of rows) seen.add(ids[r]!);
  return Math.max(1, seen.size);
}
