// Opens a project database and brings its schema up to date. One writer owns it; readers use WAL.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { WorkbenchError } from '../../shared';
import { MIGRATIONS } from './schema';
import { describeSqliteError, guardDb } from './sqliteErrors';

export type Db = Database.Database;

/** Opens (creating when writable) the project database; SQLite's errors come out in plain words with the path. */
export function openDb(path: string, options: { readonly?: boolean } = {}): Db {
  let db: Db;
  try {
    if (!options.readonly) mkdirSync(dirname(path), { recursive: true });
    // Electron loads a copy of better-sqlite3 built for its own ABI (scripts/start.js builds it).
    const nativeBinding = process.env.EWB_SQLITE_BINDING || undefined;
    db = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      nativeBinding,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.syscall === 'mkdir')
      throw new WorkbenchError(
        'FileUnreadable',
        `${path}: cannot create the folder ${dirname(path)} (${e.code}): choose a project file in a folder you may write in`,
      );
    throw describeSqliteError(err, path);
  }
  try {
    return prepareDb(guardDb(db, path), options);
  } catch (err) {
    db.close();
    throw err;
  }
}

function prepareDb(db: Db, options: { readonly?: boolean }): Db {
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // WAL with synchronous=NORMAL cannot corrupt the database; a power cut may lose the last commit only.
    db.pragma('synchronous = NORMAL');
    // 64 MB of page cache: big imports build their indexes in memory instead of re-reading pages.
    db.pragma('cache_size = -65536');
    db.pragma('foreign_keys = ON');
    migrate(db);
  }
  return db;
}

/**
 * Runs `write` (which stores large BLOBs: tables) through a 2 MB page cache, then gives that memory back. The
 * connection's 64 MB cache would otherwise fill with the BLOBs' pages until commit: storing a word2vec
 * checkpoint of 28 MB grew the process by 97 MB through it, by 27 MB through the small one.
 */
export function withSmallCache<T>(db: Db, write: () => T): T {
  const size = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -2048');
  try {
    return write();
  } finally {
    db.pragma(`cache_size = ${size}`);
    db.pragma('shrink_memory');
  }
}

/** Applies the migrations this database has not seen, each in its own transaction. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  MIGRATIONS.slice(current).forEach((sql, i) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${current + i + 1}`);
    })();
  });
}
