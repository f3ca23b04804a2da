// The file a packed run travels in (`ewb pack`/`ewb unpack`, `runs:pack`/`runs:unpack`): an SQLite database with
// the project's own schema holding one dataset (its row, vocabularies and import rejects, no data) and one run
// (its row, epochs and tables), marked by its application_id. SQLite keeps the tables' BLOBs bit for bit and
// checks its own pages; the checks here tell a packed run from any other file before reading a row of it.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { WorkbenchError } from '../../shared';
import type { Db } from '../store/db';
import { MIGRATIONS } from '../store/schema';
import { STORED_TABLE, vectorBytes, type StoredTable } from '../store/tableParts';

/** `EWBR` in the database header's application_id (SQLite file format §1.3.12). */
export const PACK_APPLICATION_ID = 0x45574252;
const SQLITE_MAGIC = 'SQLite format 3\u0000';
let schemaTables: Set<string> | null = null;
/** The tables of the project's schema: a pack is made with it (createPack), so it holds these and nothing else. */
function knownTables(): Set<string> {
  if (!schemaTables) {
    const db = new Database(':memory:');
    for (const sql of MIGRATIONS) db.exec(sql);
    const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    schemaTables = new Set(rows.map((r) => r.name));
    db.close();
  }
  return schemaTables;
}

/** A readable sentence for a file that is not a packed run; null when it is one. */
function headerProblem(path: string): string | null {
  const head = Buffer.alloc(100);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'there is no such file' : `it cannot be read (${code})`;
  }
  const n = readSync(fd, head, 0, 100, 0);
  closeSync(fd);
  if (n < 100 || head.toString('latin1', 0, 16) !== SQLITE_MAGIC)
    return 'it is not a run packed by Embedding Workbench (ewb pack writes them)';
  if (head.readUInt32BE(68) !== PACK_APPLICATION_ID)
    return 'it is an SQLite database but not a packed run (an Embedding Workbench project is opened with --db, not unpacked)';
  return null;
}

/** Opens a packed run for reading after checking what it is; the caller closes it. */
export function openPack(path: string): Db {
  const problem = headerProblem(path);
  if (problem) throw new WorkbenchError('FileUnreadable', `${path}: ${problem}`);
  let pack: Db;
  try {
    pack = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new WorkbenchError('FileUnreadable', `${path}: the packed run cannot be opened (${(err as Error).message})`);
  }
  try {
    const version = pack.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length)
      throw new WorkbenchError(
        'FileUnreadable',
        `${path} was packed by a newer Embedding Workbench (schema ${version}; this one reads up to ${MIGRATIONS.length}): update the app to unpack it`,
      );
    if (version < 7)
      throw new WorkbenchError('FileUnreadable', `${path}: schema ${version} is older than any packed run can be`);
    const check = pack.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok')
      throw new WorkbenchError('FileUnreadable', `${path} is damaged (SQLite: ${check}): pack the run again`);
    // Only our tables and their indexes: no views or triggers, which could make reading it do other things.
    const objects = pack
      .prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
      .all() as {
      type: string;
      name: string;
      tbl_name: string;
    }[];
    const odd = objects.find((o) => (o.type !== 'table' && o.type !== 'index') || !knownTables().has(o.tbl_name));
    if (odd)
      throw new WorkbenchError(
        'FileUnreadable',
        `${path} holds a ${odd.type} "${odd.name}" no packed run has: refused`,
      );
    const count = (table: string): number =>
      (pack.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    if (count('runs') !== 1 || count('datasets') !== 1)
      throw new WorkbenchError(
        'FileUnreadable',
        `${path}: a packed run holds one run and one dataset (this has ${count('runs')} and ${count('datasets')})`,
      );
    return pack;
  } catch (err) {
    pack.close();
    if (err instanceof WorkbenchError) throw err;
    throw new WorkbenchError('FileUnreadable', `${path}: the packed run cannot be read (${(err as Error).message})`);
  }
}

/** A new, empty pack at `path` with the current schema. */
export function createPack(path: string): Db {
  const pack = new Database(path);
  pack.pragma('journal_mode = OFF');
  pack.pragma('synchronous = OFF');
  pack.pragma(`application_id = ${PACK_APPLICATION_ID}`);
  pack.transaction(() => {
    for (const sql of MIGRATIONS) pack.exec(sql);
    pack.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
  return pack;
}

/** Copies rows between two databases with the same schema, every column as it is, some replaced. */
export function copyRows(
  from: Db,
  to: Db,
  table: string,
  where: string,
  params: unknown[],
  replace: Record<string, unknown> = {},
): number {
  const rows = from.prepare(`SELECT * FROM ${table} WHERE ${where}`).all(...params) as Record<string, unknown>[];
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]!);
  const insert = to.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  for (const row of rows) insert.run({ ...row, ...replace });
  return rows.length;
}

/** SHA-256 over a run's tables in name order (name, role, shape, data, bias, counts): equal iff bit for bit equal. */
export function tablesDigest(db: Db, runId: number): { sha256: string; tables: number } {
  const hash = createHash('sha256');
  const rows = db.prepare('SELECT name FROM run_tables WHERE run_id = ? ORDER BY name').pluck().all(runId) as string[];
  const one = db.prepare(`SELECT ${STORED_TABLE} FROM run_tables WHERE run_id = ? AND name = ?`);
  let tables = 0;
  for (const name of rows) {
    const t = one.get(runId, name) as StoredTable;
    // The vectors' bytes whatever their layout (whole, or in parts: store/tableParts.ts).
    const data = vectorBytes(db, runId, t.name, t);
    hash.update(`${t.name}\u0000${t.role}\u0000${t.rows}\u0000${t.dim}\u0000${data.length}\u0000`);
    hash.update(data);
    hash.update(t.bias ? `\u0001${t.bias.length}\u0000` : '\u0000');
    if (t.bias) hash.update(t.bias);
    hash.update(t.counts ? `\u0001${t.counts.length}\u0000` : '\u0000');
    if (t.counts) hash.update(t.counts);
    tables++;
  }
  return { sha256: hash.digest('hex'), tables };
}

/** SHA-256 over a dataset's vocabularies (role, index, key): two datasets with the same one share their rows. */
export function vocabularyDigest(db: Db, datasetId: number): string {
  const hash = createHash('sha256');
  for (const v of db
    .prepare('SELECT role, idx, key FROM vocab WHERE dataset_id = ? ORDER BY role, idx')
    .iterate(datasetId) as IterableIterator<{ role: string; idx: number; key: string }>)
    hash.update(`${v.role}\u0000${v.idx}\u0000${v.key}\u0001`);
  return hash.digest('hex');
}
