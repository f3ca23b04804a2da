// SQLite's own words ("database is locked", "file is not a database", "UNIQUE constraint failed") never reach
// the user: openDb routes every statement, transaction and pragma of a connection through `guardDb`, which
// turns them into errors that name the project file and say what to do. The original stays as `cause`.
import type Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { WorkbenchError } from '../../shared';

/** The SQLite result code of an error (`SQLITE_BUSY` …), also through a translated error's `cause`. */
export function sqliteCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: unknown } | null;
  if (typeof e?.code === 'string' && e.code.startsWith('SQLITE_')) return e.code;
  return e?.cause ? sqliteCode(e.cause) : undefined;
}

/** `err` as the user should read it; errors that are not SQLite's pass through unchanged. */
export function describeSqliteError(err: unknown, path: string): unknown {
  const code = sqliteCode(err);
  if (!code || err instanceof WorkbenchError) return err;
  const message = (err as Error).message;
  const say = (c: ConstructorParameters<typeof WorkbenchError>[0], text: string): WorkbenchError =>
    Object.assign(new WorkbenchError(c, text), { cause: err });
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code.startsWith('SQLITE_LOCKED'))
    return say(
      'DatabaseBusy',
      `${path}: the project database is locked by another program (another ewb command, ewb serve or the app) that has been writing to it for over 5 seconds; nothing was written. Wait for it to finish, or close it, then try again`,
    );
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
    return say(
      'FileUnreadable',
      `${path} is not an Embedding Workbench project database, or it is damaged: point --db (EWB_DB) at a project file, or at a new file name to start a new project`,
    );
  if (code.startsWith('SQLITE_CANTOPEN'))
    return say(
      'FileUnreadable',
      `${path}: cannot open the project database: check that ${dirname(path)} exists and that you may write in it`,
    );
  if (code === 'SQLITE_FULL' || /ENOSPC|disk is full|database or disk is full/i.test(message))
    return say(
      'DiskFull',
      `${path}: the disk holding the project database is full; nothing of this step was written (the project is as it was before). Free some space on it, then try again`,
    );
  if (code.startsWith('SQLITE_IOERR'))
    return say(
      'DiskFull',
      `${path}: the disk failed to write the project database (${message}); nothing of this step was written. Check the free space and the disk, then try again`,
    );
  if (code.startsWith('SQLITE_READONLY'))
    return say(
      'FileUnreadable',
      `${path}: the project database is read-only here: check the file's permissions, or copy it to a folder you may write in`,
    );
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' && /datasets\.name/.test(message))
    return say(
      'DatasetExists',
      'a dataset of this name was created meanwhile (another import took the name first); nothing was written: choose another name',
    );
  return say('Internal', `${path}: the project database refused a write (${code}: ${message})`);
}

type AnyFn = (...args: never[]) => unknown;

function guarded<F extends AnyFn>(fn: F, path: string): F {
  return ((...args: Parameters<F>) => {
    try {
      return fn(...args);
    } catch (err) {
      throw describeSqliteError(err, path);
    }
  }) as F;
}

/** Makes every way `db` runs SQL translate SQLite's errors (statements, transactions, exec, pragma). */
export function guardDb(db: Database.Database, path: string): Database.Database {
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = guarded(prepare, path)(sql);
    for (const m of ['run', 'get', 'all', 'iterate'] as const) {
      const method = statement[m] as AnyFn;
      (statement as unknown as Record<string, AnyFn>)[m] = guarded(method.bind(statement), path);
    }
    return statement;
  }) as typeof db.prepare;
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: AnyFn) => {
    const t = transaction(fn);
    return Object.assign(guarded(t, path), {
      default: guarded(t.default, path),
      deferred: guarded(t.deferred, path),
      immediate: guarded(t.immediate, path),
      exclusive: guarded(t.exclusive, path),
    });
  }) as typeof db.transaction;
  db.exec = guarded(db.exec.bind(db), path) as typeof db.exec;
  db.pragma = guarded(db.pragma.bind(db), path) as typeof db.pragma;
  return db;
}
