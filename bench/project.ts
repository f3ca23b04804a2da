// 2-D maps: seconds for exact PCA of 100,000 × 100, exact-gradient t-SNE of 5,000 × 100, and UMAP (umap-js) of
// 10,000 and 100,000 × 100, each with how well the map keeps the 20 planted clusters apart. Not part of CI.
// Usage: node --import tsx bench/project.ts [--pca-rows 100000] [--tsne-rows 5000] [--umap-rows 10000,100000]
//        [--dim 100] [--only pca,tsne,umap]
// UMAP at 100,000 rows takes minutes and ~4 GB of heap: run it with node --max-old-space-size=6000.
import { parseArgs } from 'node:util';
import type { DenseTable } from '../src/core/explore/pca';
import { projectTable, type ProjectionMethod } from '../src/core/explore/project';
import { createRng, gaussian } from '../src/core/random';

const { values } = parseArgs({
  options: {
    'pca-rows': { type: 'string' },
    'tsne-rows': { type: 'string' },
    'umap-rows': { type: 'string' },
    dim: { type: 'string' },
    only: { type: 'string' },
  },
});
const dim = Number(values.dim ?? 100);
const CLUSTERS = 20;
const only = new Set((values.only ?? 'pca,tsne,umap').split(','));

/** Rows from 20 Gaussian clusters (rows 0 and 1 are PAD/OOV), so every method has structure to find. */
function clusteredTable(rows: number): DenseTable {
  const rng = createRng(7);
  const centres = Array.from({ length: CLUSTERS }, () => Float32Array.from({ length: dim }, () => gaussian(rng) * 3));
  const data = new Float32Array((rows + 2) * dim);
  for (let r = 0; r < rows; r++) {
    const c = centres[r % centres.length]!;
    for (let d = 0; d < dim; d++) data[(r + 2) * dim + d] = c[d]! + gaussian(rng);
  }
  return { rows: rows + 2, dim, data };
}

/**
 * Share of up to 2,000 evenly spaced points whose nearest other point in the map comes from the same cluster
 * (1: clusters kept apart; 1/20 by chance).
 */
function clusterAgreement(rows: Int32Array, x: Float32Array, y: Float32Array): number {
  const n = rows.length;
  const probes = Math.min(n, 2000);
  let same = 0;
  for (let p = 0; p < probes; p++) {
    const i = Math.floor((p * n) / probes);
    let best = -1;
    let bestD = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = (x[i]! - x[j]!) ** 2 + (y[i]! - y[j]!) ** 2;
      if (d < bestD) [best, bestD] = [j, d];
    }
    if ((rows[best]! - 2) % CLUSTERS === (rows[i]! - 2) % CLUSTERS) same++;
  }
  return same / probes;
}

async function time(method: ProjectionMethod, rows: number): Promise<void> {
  const table = clusteredTable(rows);
  const start = performance.now();
  let graphDone = 0;
  const p = await projectTable(table, {
    method,
    seed: 1,
    maxRows: table.rows,
    onProgress: (f) => {
      if (method === 'umap' && graphDone === 0 && f > 0) graphDone = performance.now();
    },
  });
  const seconds = (performance.now() - start) / 1000;
  const extra = p.explainedVariance
    ? `, explained variance ${p.explainedVariance.map((v) => v.toFixed(3)).join(' ')}`
    : '';
  const phases = graphDone ? `, graph ${((graphDone - start) / 1000).toFixed(1)} s` : '';
  const heap = (process.memoryUsage().rss / 2 ** 30).toFixed(1);
  console.log(
    `${method.padEnd(5)} ${rows.toLocaleString('en')} × ${dim}: ${seconds.toFixed(2)} s${phases} ` +
      `(nearest-neighbour cluster agreement ${clusterAgreement(p.rows, p.x, p.y).toFixed(3)}${extra}; rss ${heap} GiB)`,
  );
}

if (only.has('pca')) await time('pca', Number(values['pca-rows'] ?? 100_000));
if (only.has('tsne')) await time('tsne', Number(values['tsne-rows'] ?? 5000));
if (only.has('umap')) {
  for (const rows of (values['umap-rows'] ?? '10000,100000').split(',').map(Number)) await time('umap', rows);
}
