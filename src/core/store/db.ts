// Opens a project database and brings its schema up to date. One writer owns it; readers use WAL.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './schema';

export type Db = Database.Database;

export function openDb(path: string, options: { readonly?: boolean } = {}): Db {
  if (!options.readonly) mkdirSync(dirname(path), { recursive: true });
  // Electron loads a copy of better-sqlite3 built for its own ABI (scripts/start.js builds it).
  const nativeBinding = process.env.EWB_SQLITE_BINDING || undefined;
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    nativeBinding,
  });
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
