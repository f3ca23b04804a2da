// A run's tables as stored (schema v13): vectors larger than PART_BYTES go in parts of whole rows
// (run_table_parts), and are read back whole into the caller's array. SQLite copies every BLOB it is given and
// again into the record it writes, so storing word2vec's 27 MB input table in one piece held it twice more;
// one part is the most now.
import type { TableTransfer } from '../../shared';
import { WorkbenchError } from '../../shared';
import type { Db } from './db';

export const PART_BYTES = 1 << 20;

/** A run_tables row as read: the vectors in `data`, or in `parts` parts when that is over 0 (then `data` is empty). */
export interface StoredTable {
  name: string;
  role: string;
  rows: number;
  dim: number;
  data: Buffer;
  bias: Buffer | null;
  counts: Buffer | null;
  parts: number;
}

/** The columns of a StoredTable, for a SELECT. */
export const STORED_TABLE = 'name, role, rows, dim, data, bias, counts, parts';

const bytesOf = (a: Float32Array | Int32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Writes (or replaces) a run's table: its row in run_tables and, when large, its parts. Call in a transaction. */
export function storeTable(db: Db, runId: number, t: TableTransfer): void {
  if (t.counts && t.counts.length !== t.rows)
    throw new WorkbenchError('Internal', `table ${t.name}: ${t.counts.length} counts for ${t.rows} rows`);
  // Whole rows per part, so that a part is a block of the table.
  const step = Math.max(1, Math.floor(PART_BYTES / (4 * t.dim))) * t.dim;
  const parts = t.data.byteLength > PART_BYTES ? Math.ceil(t.data.length / step) : 0;
  db.prepare('DELETE FROM run_table_parts WHERE run_id = ? AND name = ?').run(runId, t.name);
  db.prepare(
    `INSERT OR REPLACE INTO run_tables (run_id, name, role, rows, dim, data, bias, counts, parts)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    runId,
    t.name,
    t.role,
    t.rows,
    t.dim,
    parts > 0 ? Buffer.alloc(0) : bytesOf(t.data),
    t.bias ? bytesOf(t.bias) : null,
    t.counts ? bytesOf(t.counts) : null,
    parts,
  );
  const insert = db.prepare('INSERT INTO run_table_parts (run_id, name, part, data) VALUES (?, ?, ?, ?)');
  for (let p = 0; p < parts; p++)
    insert.run(runId, t.name, p, bytesOf(t.data.subarray(p * step, Math.min(t.data.length, (p + 1) * step))));
}

/**
 * A stored table's vector bytes: its `data`, or its parts in order (`parts` of them) copied into `into`, or into
 * a new array of their size without one.
 */
export function vectorBytes(
  db: Db,
  runId: number,
  name: string,
  row: { data: Buffer; parts: number },
  into?: Uint8Array,
): Uint8Array {
  if (row.parts === 0) {
    if (!into) return row.data;
    into.set(row.data);
    return into;
  }
  const out =
    into ??
    new Uint8Array(
      (
        db
          .prepare('SELECT COALESCE(SUM(length(data)), 0) AS n FROM run_table_parts WHERE run_id = ? AND name = ?')
          .get(runId, name) as { n: number }
      ).n,
    );
  let at = 0;
  const parts = db.prepare('SELECT data FROM run_table_parts WHERE run_id = ? AND name = ? ORDER BY part');
  for (const part of parts.iterate(runId, name) as IterableIterator<{ data: Buffer }>) {
    out.set(part.data, at);
    at += part.data.length;
  }
  return out;
}
