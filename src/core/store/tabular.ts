// A tabular dataset's columns in SQLite (table tabular_columns, schema v10): written by the import in its
// transaction, read back whole by the training process as typed columns.
import { WorkbenchError } from '../../shared';
import type { Db } from './db';

/** Rows per stored chunk: 4 MB BLOBs for int32/float32 columns. */
const CHUNK_ROWS = 1 << 20;

/** A tabular dataset's columns as the import writes them and training reads them. */
export interface TabularColumns {
  rows: number;
  splits: Uint8Array;
  /** Category columns in mapping order: indices into the vocabulary `role` (`size` rows with PAD and OOV). */
  categories: { name: string; role: string; ids: Int32Array; size: number }[];
  /** Numeric columns as read: NaN where the value is missing. */
  numerics: { name: string; values: Float32Array }[];
  target: {
    name: string;
    /** The target as a number (NaN: missing or not a number). */
    values: Float32Array;
    /** Class per row (−1: none) and the class keys, most frequent first; null when the target has too many values. */
    classIds: Int32Array | null;
    classes: string[] | null;
  };
}

type Kind = 'category' | 'numeric' | 'target' | 'class' | 'split';
const blob = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** What an import writes: the columns without the vocabulary sizes and class keys (those are in `vocab`). */
export interface TabularWrite {
  rows: number;
  splits: Uint8Array;
  categories: { name: string; role: string; ids: Int32Array }[];
  numerics: { name: string; values: Float32Array }[];
  target: { name: string; values: Float32Array; classIds: Int32Array | null };
}

export function insertTabular(db: Db, datasetId: number, t: TabularWrite): void {
  const ins = db.prepare(
    'INSERT INTO tabular_columns (dataset_id, position, name, kind, vocab_role, chunk, rows, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let position = 0;
  const write = (name: string, kind: Kind, role: string | null, data: Int32Array | Float32Array | Uint8Array) => {
    for (let c = 0, from = 0; from < t.rows || c === 0; c++, from += CHUNK_ROWS) {
      const to = Math.min(t.rows, from + CHUNK_ROWS);
      ins.run(datasetId, position, name, kind, role, c, to - from, blob(data.subarray(from, to)));
    }
    position++;
  };
  for (const c of t.categories) write(c.name, 'category', c.role, c.ids);
  for (const n of t.numerics) write(n.name, 'numeric', null, n.values);
  write(t.target.name, 'target', null, t.target.values);
  if (t.target.classIds) write(t.target.name, 'class', 'target', t.target.classIds);
  write('split', 'split', null, t.splits);
}

interface Row {
  position: number;
  name: string;
  kind: Kind;
  vocab_role: string | null;
  rows: number;
  data: Buffer;
}

/** Concatenates a column's chunks into one typed array of its own (aligned, not a view of SQLite's buffers). */
function joined<T extends Int32Array | Float32Array | Uint8Array>(
  chunks: Row[],
  ctor: new (n: number) => T,
  rows: number,
): T {
  const out = new ctor(rows);
  const bytes = new Uint8Array(out.buffer);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c.data, at);
    at += c.data.byteLength;
  }
  return out;
}

export function loadTabular(db: Db, datasetId: number): TabularColumns {
  const all = db
    .prepare(
      'SELECT position, name, kind, vocab_role, rows, data FROM tabular_columns WHERE dataset_id = ? ORDER BY position, chunk',
    )
    .all(datasetId) as Row[];
  if (all.length === 0)
    throw new WorkbenchError(
      'DatasetInvalid',
      'this dataset has no tabular columns; import a file with --map category=…,numeric=…,target=…',
    );
  const byPosition = new Map<number, Row[]>();
  for (const r of all) byPosition.set(r.position, [...(byPosition.get(r.position) ?? []), r]);
  const columns = [...byPosition.values()];
  const rows = columns[0]!.reduce((n, c) => n + c.rows, 0);
  const size = (role: string): number =>
    (
      db
        .prepare('SELECT COALESCE(MAX(idx), 1) + 1 AS n FROM vocab WHERE dataset_id = ? AND role = ?')
        .get(datasetId, role) as { n: number }
    ).n;
  const of = (kind: Kind): Row[][] => columns.filter((c) => c[0]!.kind === kind);
  const target = of('target')[0]!;
  const classRows = of('class')[0];
  const classes = classRows
    ? (
        db
          .prepare(`SELECT key FROM vocab WHERE dataset_id = ? AND role = 'target' AND idx >= 2 ORDER BY idx`)
          .all(datasetId) as { key: string }[]
      ).map((r) => r.key)
    : null;
  return {
    rows,
    splits: joined(of('split')[0]!, Uint8Array, rows),
    categories: of('category').map((c) => ({
      name: c[0]!.name,
      role: c[0]!.vocab_role!,
      ids: joined(c, Int32Array, rows),
      size: size(c[0]!.vocab_role!),
    })),
    numerics: of('numeric').map((c) => ({ name: c[0]!.name, values: joined(c, Float32Array, rows) })),
    target: {
      name: target[0]!.name,
      values: joined(target, Float32Array, rows),
      classIds: classRows ? joined(classRows, Int32Array, rows) : null,
      classes,
    },
  };
}
