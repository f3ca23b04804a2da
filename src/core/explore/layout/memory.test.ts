// The memory bound of the map layouts, by structure: every large array they allocate is counted by the
// Allocator (SharedArrayBuffer bytes, plus hnswlib's graph by its layout), and the most held at once for
// 100,000 rows must stay under the bound docs/explore.md states. No timing is involved.
import { describe, expect, it } from 'vitest';
import { createRng, gaussian } from '../../random';
import { projectTable } from '../project';
import { createAllocator } from './memory';

const MB = 2 ** 20;
const n = 100_000;
const dim = 16;

/** 100,000 rows around 20 centres: the bench's planted table, at a dim that keeps this test short. */
function table(): { rows: number; dim: number; data: Float32Array } {
  const rng = createRng(3);
  const centres = Array.from({ length: 20 }, () => Array.from({ length: dim }, () => gaussian(rng) * 3));
  const data = new Float32Array((n + 2) * dim);
  for (let r = 0; r < n; r++)
    for (let d = 0; d < dim; d++) data[(r + 2) * dim + d] = centres[r % 20]![d]! + gaussian(rng);
  return { rows: n + 2, dim, data };
}

describe('map layouts over 100,000 rows', () => {
  const t = table();

  it('t-SNE holds at most 400 MB of arrays at once (the umap-js map of this size took 3.9 GB)', async () => {
    const alloc = createAllocator();
    const p = await projectTable(t, { method: 'tsne', iterations: 3, threads: 2, allocator: alloc });
    expect(p.x).toHaveLength(n);
    // Two threads, so two copies of the HNSW graph were counted while the neighbours were searched.
    expect(alloc.peak).toBeGreaterThan(150 * MB);
    expect(alloc.peak).toBeLessThan(400 * MB);
    expect(alloc.byName.has('graph columns')).toBe(true);
  }, 300_000);

  it('UMAP holds at most 100 MB of arrays at once', async () => {
    const alloc = createAllocator();
    const p = await projectTable(t, { method: 'umap', epochs: 3, threads: 2, allocator: alloc });
    expect(p.x).toHaveLength(n);
    expect(alloc.peak).toBeGreaterThan(20 * MB);
    expect(alloc.peak).toBeLessThan(100 * MB);
  }, 300_000);
});
