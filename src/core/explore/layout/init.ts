// Starting layouts: the first two principal components (Kobak & Linderman, "Initialization is critical for
// preserving global data structure in both t-SNE and UMAP", Nature Biotechnology 2021) or seeded noise.
import type { LayoutInit } from '../../../shared';
import { createRng, gaussian } from '../../random';
import { pca, type DenseTable } from '../pca';
import type { Allocator } from './memory';

export type { LayoutInit };

/** n × 2 starting positions: PCA coordinates, or standard normal noise. Row-major, every row of `table`. */
export function initialLayout(table: DenseTable, init: LayoutInit, seed: number, alloc: Allocator): Float64Array {
  const n = table.rows;
  const y = alloc.f64('layout', 2 * n);
  if (init === 'pca' && n >= 2) {
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const p = pca(table, { rows, seed, components: 2 });
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < Math.min(2, p.components); c++) y[2 * i + c] = p.coords[i * p.components + c]!;
    }
    // A table of one direction (or none) still needs two coordinates: noise fills what PCA cannot.
    if (p.components < 2) addNoise(y, n, seed, 1e-4);
    return y;
  }
  const rng = createRng(seed);
  for (let k = 0; k < 2 * n; k++) y[k] = gaussian(rng);
  return y;
}

function addNoise(y: Float64Array, n: number, seed: number, scale: number): void {
  const rng = createRng(seed ^ 0x5eed);
  for (let k = 0; k < 2 * n; k++) y[k]! += gaussian(rng) * scale;
}

/** t-SNE's scaling: x's standard deviation becomes 1e-4 (openTSNE, after Kobak & Linderman), centred. */
export function scaleForTsne(y: Float64Array, n: number): void {
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += y[2 * i]!;
    my += y[2 * i + 1]!;
  }
  mx /= n;
  my /= n;
  let sd = 0;
  for (let i = 0; i < n; i++) sd += (y[2 * i]! - mx) ** 2;
  sd = Math.sqrt(sd / n);
  const f = sd > 0 ? 1e-4 / sd : 1;
  for (let i = 0; i < n; i++) {
    y[2 * i] = (y[2 * i]! - mx) * f;
    y[2 * i + 1] = (y[2 * i + 1]! - my) * f;
  }
}

/**
 * UMAP's scaling (umap-learn): each axis to [0, 10], plus noise of 1e-4 so that no two points start on top
 * of each other.
 */
export function scaleForUmap(y: Float64Array, n: number, seed: number): void {
  for (let c = 0; c < 2; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, y[2 * i + c]!);
      hi = Math.max(hi, y[2 * i + c]!);
    }
    const f = hi > lo ? 10 / (hi - lo) : 0;
    for (let i = 0; i < n; i++) y[2 * i + c] = (y[2 * i + c]! - lo) * f;
  }
  addNoise(y, n, seed, 1e-4);
}
