// 2-D maps: seconds for exact PCA of 100,000 × 100 and exact-gradient t-SNE of 5,000 × 100. Not part of CI.
// Usage: node --import tsx bench/project.ts [--pca-rows 100000] [--tsne-rows 5000] [--dim 100]
import { parseArgs } from 'node:util';
import type { DenseTable } from '../src/core/explore/pca';
import { projectTable } from '../src/core/explore/project';
import { createRng, gaussian } from '../src/core/random';

const { values } = parseArgs({
  options: { 'pca-rows': { type: 'string' }, 'tsne-rows': { type: 'string' }, dim: { type: 'string' } },
});
const dim = Number(values.dim ?? 100);

/** Rows from 20 Gaussian clusters (rows 0 and 1 are PAD/OOV), so both methods have structure to find. */
function clusteredTable(rows: number): DenseTable {
  const rng = createRng(7);
  const centres = Array.from({ length: 20 }, () => Float32Array.from({ length: dim }, () => gaussian(rng) * 3));
  const data = new Float32Array((rows + 2) * dim);
  for (let r = 0; r < rows; r++) {
    const c = centres[r % centres.length]!;
    for (let d = 0; d < dim; d++) data[(r + 2) * dim + d] = c[d]! + gaussian(rng);
  }
  return { rows: rows + 2, dim, data };
}

async function time(label: string, table: DenseTable, method: 'pca' | 'tsne'): Promise<void> {
  const start = performance.now();
  const p = await projectTable(table, { method, seed: 1, maxRows: table.rows });
  const seconds = (performance.now() - start) / 1000;
  const extra = p.explainedVariance
    ? `, explained variance ${p.explainedVariance.map((v) => v.toFixed(3)).join(' ')}`
    : '';
  console.log(`${label}: ${seconds.toFixed(2)} s (${p.rows.length.toLocaleString()} points${extra})`);
}

await time(
  `PCA   ${Number(values['pca-rows'] ?? 100_000).toLocaleString()} × ${dim}`,
  clusteredTable(Number(values['pca-rows'] ?? 100_000)),
  'pca',
);
await time(
  `t-SNE ${Number(values['tsne-rows'] ?? 5000).toLocaleString()} × ${dim}`,
  clusteredTable(Number(values['tsne-rows'] ?? 5000)),
  'tsne',
);
