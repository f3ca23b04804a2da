// Tables from a training process to the supervisor through a file (TablesFile): the trainer writes each
// array's bytes straight from its typed array, the supervisor reads the file into one buffer (reused for the
// run's next file), takes views on it and deletes the file. Sending them as a message cost the receiving process
// several copies of them.
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

/**
 * A reader of the files one run sends: the tables of each as views on one buffer, which the next file reuses
 * (the caller stores each file's tables before the next arrives), so a run's checkpoints do not pile up copies
 * of its tables in the receiving process before they are collected. Each file is gone once read.
 */
export function tablesReader(): (file: TablesFile) => TableTransfer[] {
  let buffer = new ArrayBuffer(0);
  return (file) => {
    const bytes = file.tables.reduce(
      (s, t) => s + 4 * (t.rows * t.dim + (t.bias ? t.rows : 0) + (t.counts ? t.rows : 0)),
      0,
    );
    if (buffer.byteLength < bytes) buffer = new ArrayBuffer(bytes);
    try {
      readInto(file.path, new Uint8Array(buffer, 0, bytes));
    } finally {
      rmSync(file.path, { force: true });
    }
    return viewsOf(file, buffer);
  };
}

function readInto(path: string, into: Uint8Array): void {
  const fd = openSync(path, 'r');
  try {
    for (let at = 0; at < into.length;) {
      const n = readSync(fd, into, at, into.length - at, at);
      if (n === 0) throw new WorkbenchError('Internal', `${path} ends after ${at} of ${into.length} bytes`);
      at += n;
    }
  } finally {
    closeSync(fd);
  }
}

function viewsOf(file: TablesFile, buffer: ArrayBuffer): TableTransfer[] {
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
