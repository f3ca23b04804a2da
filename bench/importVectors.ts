// Import of a large GloVe file (default 400,000 × 300, ~1.3 GB of text) as a table: time, throughput and peak
// memory above the start, to show the text streams (memory follows the float32 table, not the file). Not CI.
// Usage: node --import tsx bench/importVectors.ts [--rows 400000] [--dim 300] [--format glove|word2vec|word2vec-binary]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportTable } from '../src/core/tables/exportTable';
import { createRng, gaussian } from '../src/core/random';
import type { VocabEntry } from '../src/core/store/datasets';
import { openDb } from '../src/core/store/db';
import type { TableTransfer } from '../src/shared';
import { importVectorsTable } from '../src/core/tables/importVectorsTable';

const { values } = parseArgs({
  options: { rows: { type: 'string' }, dim: { type: 'string' }, format: { type: 'string' } },
});
const rows = Number(values.rows ?? 400_000);
const dim = Number(values.dim ?? 300);
const format = (values.format ?? 'glove') as 'glove' | 'word2vec' | 'word2vec-binary';
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const dir = mkdtempSync(join(tmpdir(), 'ewb-import-bench-'));

try {
  // The file, written by our streaming exporter; then everything it used is dropped before measuring.
  let path: string;
  {
    const rng = createRng(3);
    const data = new Float32Array((rows + 2) * dim);
    for (let i = 2 * dim; i < data.length; i++) data[i] = gaussian(rng) * 0.3;
    const table: TableTransfer = { name: 'words', role: 'word', rows: rows + 2, dim, data, bias: null };
    const vocab: VocabEntry[] = Array.from({ length: rows }, (_, i) => ({
      idx: i + 2,
      key: `w${i}`,
      count: rows - i,
      title: null,
      genres: [],
    }));
    const r = await exportTable(format, table, vocab, dir);
    path = r.files[0]!;
  }
  global.gc?.();
  const size = statSync(path).size;
  const db = openDb(join(dir, 'bench.db'));
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t = performance.now();
  const r = await importVectorsTable(db, { path, name: 'bench' });
  const seconds = (performance.now() - t) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  db.close();
  console.log(
    `import of ${rows.toLocaleString()} × ${dim} ${format} (${mb(size)} file, table ${mb(rows * dim * 4)}): ` +
      `${seconds.toFixed(1)} s, ${(size / 2 ** 20 / seconds).toFixed(0)} MB/s, ${Math.round(rows / seconds).toLocaleString()} rows/s, ` +
      `peak RSS +${mb(peak - base)}; ${r.keys.toLocaleString()} keys`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
