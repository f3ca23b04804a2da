// Pre-trained initial rows of one table, as the trainers take them: the rows a source covered replace the
// initializer's values; `trainable: false` freezes the whole table (the kernels then never write it).
import { createRng, gaussian } from '../random';

export interface InitialRows {
  /** rows × dim, row r holding the source's vector where found[r] is 1. */
  data: Float32Array;
  /** 1 where the row got a vector from the source. */
  found: Uint8Array;
  trainable: boolean;
  /** Per-row biases to start from (a resumed run's checkpoint); absent: the model's own (zeros). */
  bias?: Float32Array;
}

/**
 * Copies the covered rows into `table` (rows × dim, row-major; rows `stride` floats apart when padded); the
 * other rows keep the initializer's values.
 */
export function applyInitialRows(table: Float32Array, dim: number, init: InitialRows | undefined, stride = dim): void {
  if (!init) return;
  const rows = Math.min(init.found.length, Math.floor(table.length / stride));
  for (let r = 0; r < rows; r++) {
    if (init.found[r] === 1) table.set(init.data.subarray(r * dim, (r + 1) * dim), r * stride);
  }
}

/** Copies a checkpoint's biases into the model's bias table. */
export function applyInitialBias(bias: Float32Array, init: InitialRows | undefined): void {
  if (init?.bias) bias.set(init.bias.subarray(0, Math.min(bias.length, init.bias.length)));
}

/** True when the table must not be updated. */
export const isFrozen = (init: InitialRows | undefined): boolean => init !== undefined && !init.trainable;

/**
 * A whole initial table for engines that take one (the tfjs builders' `initial`): the covered rows from the
 * source, the other real rows drawn from the model's initializer (normal or uniform, seeded), PAD and OOV zero.
 */
export function completeInitialTable(
  init: InitialRows,
  rows: number,
  dim: number,
  initializer: 'zeros' | { normal: number } | { uniform: number },
  seed: number,
): Float32Array {
  const out = new Float32Array(rows * dim);
  const rng = createRng(seed);
  for (let r = 2; r < rows; r++) {
    if (init.found[r] === 1) {
      out.set(init.data.subarray(r * dim, (r + 1) * dim), r * dim);
      continue;
    }
    if (initializer === 'zeros') continue;
    for (let k = r * dim; k < (r + 1) * dim; k++)
      out[k] = 'normal' in initializer ? gaussian(rng) * initializer.normal : (2 * rng() - 1) * initializer.uniform;
  }
  return out;
}
