// Export of a 1M × 128 table to every format: time, file size and peak extra memory (RSS above the table and
// its vocabulary), to show that exports stream instead of building files in memory. Not part of CI.
// Usage: node --import tsx bench/export.ts [--rows 1000000] [--dim 128] [--formats word2vec,npy,...]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS } from '../src/shared';
import { exportTable, isExportFormat } from '../src/core/tables/exportTable';
import { createRng, gaussian } from '../src/core/random';
import type { VocabEntry } from '../src/core/store/datasets';
import type { TableTransfer } from '../src/shared';

const { values } = parseArgs({
  options: { rows: { type: 'string' }, dim: { type: 'string' }, formats: { type: 'string' } },
});
const rows = Number(values.rows ?? 1_000_000) + 2;
const dim = Number(values.dim ?? 128);
const formats = (values.formats?.split(',') ?? [...EXPORT_FORMATS]).filter(isExportFormat);

const rng = createRng(7);
const data = new Float32Array(rows * dim);
for (let i = 0; i < data.length; i++) data[i] = gaussian(rng) * 0.3;
const bias = Float32Array.from({ length: rows }, () => gaussian(rng));
const table: TableTransfer = { name: 'items', role: 'item', rows, dim, data, bias };
const vocab: VocabEntry[] = Array.from({ length: rows - 2 }, (_, i) => ({
  idx: i + 2,
  key: `item_${i}`,
  count: rows - i,
  title: null,
  genres: [],
}));
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;

console.log(`export of ${(rows - 2).toLocaleString()} × ${dim} (table ${mb(data.byteLength)}), per format:`);
for (const format of formats) {
  const dir = mkdtempSync(join(tmpdir(), 'ewb-export-bench-'));
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const t = performance.now();
  const r = await exportTable(format, table, vocab, dir);
  const seconds = (performance.now() - t) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const size = r.files.reduce((s, f) => s + statSync(f).size, 0);
  console.log(
    `${format.padEnd(16)} ${seconds.toFixed(1).padStart(6)} s  ${mb(size).padStart(8)} written  peak RSS +${mb(peak - base)}`,
  );
  rmSync(dir, { recursive: true, force: true });
}
