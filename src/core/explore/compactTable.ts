// The chosen rows of a table copied into one of their own: what a map lays out (project.ts in this thread, or
// the projection worker after projectJob.ts transfers it), and the sample a run comparison aligns (compare.ts).
import type { VectorTable } from '../../shared';

/** Copies `rows` of `table` (in that order) into a table of their own, the one the worker maps. */
export function compactTable(table: VectorTable, rows: Int32Array): VectorTable {
  const { dim, data } = table;
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => out.set(data.subarray(r * dim, (r + 1) * dim), i * dim));
  return { rows: rows.length, dim, data: out };
}
