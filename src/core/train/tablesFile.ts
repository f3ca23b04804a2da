// Tables from a training process to the supervisor through a file (TablesFile): the trainer writes each
// array's bytes straight from its typed array, the supervisor reads the file once into one buffer, takes views
// on it and deletes the file. Sending them as a message cost the receiving process several copies of them.
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { TableTransfer, TablesFile } from '../../shared';
import { WorkbenchError } from '../../shared';

let written = 0;

/** Writes the tables to a new file in `dir`. */
export function writeTablesFile(dir: string, tables: TableTransfer[]): TablesFile {
  const path = join(dir, `tables-${process.pid}-${written++}.bin`);
  try {
    const fd = openSync(path, 'wx');
    try {
      for (const t of tables)
        for (const a of [t.data, t.bias, t.counts])
          if (a) writeSync(fd, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    rmSync(path, { force: true });
    const reason = err instanceof Error ? err.message : String(err);
    throw new WorkbenchError(
      'RunFailed',
      `could not write the run's tables to ${dir} (the system's temporary folder): ${reason}. Free space there ` +
        `(or point TMPDIR elsewhere) and resume the run (ewb train --resume RUN)`,
    );
  }
  return {
    path,
    tables: tables.map(({ name, role, rows, dim, bias, counts }) => ({
      name,
      role,
      rows,
      dim,
      bias: bias !== null,
      counts: counts !== undefined && counts !== null,
    })),
  };
}

/** The tables of a file from writeTablesFile, as views on one buffer; the file is gone afterwards. */
export function readTablesFile(file: TablesFile): TableTransfer[] {
  const bytes = file.tables.reduce(
    (s, t) => s + 4 * (t.rows * t.dim + (t.bias ? t.rows : 0) + (t.counts ? t.rows : 0)),
    0,
  );
  const buffer = new ArrayBuffer(bytes);
  try {
    const fd = openSync(file.path, 'r');
    try {
      for (let at = 0; at < bytes;) {
        const n = readSync(fd, new Uint8Array(buffer, at), 0, bytes - at, at);
        if (n === 0) throw new WorkbenchError('Internal', `${file.path} ends after ${at} of ${bytes} bytes`);
        at += n;
      }
    } finally {
      closeSync(fd);
    }
  } finally {
    rmSync(file.path, { force: true });
  }
  let at = 0;
  const take = <A>(make: (b: ArrayBuffer, offset: number, n: number) => A, n: number): A => {
    const a = make(buffer, at, n);
    at += 4 * n;
    return a;
  };
  const floats = (b: ArrayBuffer, o: number, n: number) => new Float32Array(b, o, n);
  return file.tables.map((t) => ({
    name: t.name,
    role: t.role,
    rows: t.rows,
    dim: t.dim,
    data: take(floats, t.rows * t.dim),
    bias: t.bias ? take(floats, t.rows) : null,
    counts: t.counts ? take((b, o, n) => new Int32Array(b, o, n), t.rows) : null,
  }));
}
