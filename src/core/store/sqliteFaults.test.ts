// The project database under faults (issue 11): a write lock held by another process, a full disk, a file that
// is not a database, a path that cannot be opened, two imports racing for one name, and an import killed in
// the middle of its write transaction. SQLite's own words never reach the user, and the database is either
// byte for byte as it was (sqlite3 .dump) or complete.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { exportTable } from '../tables/exportTable';
import { randomTable } from '../tables/testTables';
import { importDataset } from '../ingest/importDataset';
import { dumpHash, tempDir } from '../testing';
import { listDatasets } from './datasets';
import { openDb } from './db';

const EWB = fileURLToPath(new URL('../../../bin/ewb.js', import.meta.url));
const tmp = tempDir();
afterAll(tmp.cleanup);

/** Ratings with `rows` distinct items: the write transaction inserts one vocabulary row per item. */
function ratingsFile(name: string, rows: number): string {
  const path = join(tmp.dir, name);
  const lines = ['user,item,rating'];
  for (let i = 0; i < rows; i++) lines.push(`u${i % 1000},item-${i},${(i % 5) + 1}`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}
const small = ratingsFile('small.csv', 50);

/** A fresh project database with its schema, and the hash of its dump. */
function project(dir: string): { path: string; hash: string } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'p.db');
  openDb(path).close();
  return { path, hash: dumpHash(path) };
}

describe('another process holds the write lock', () => {
  it('fails the import after the busy timeout with DatabaseBusy, the path and what to do', async () => {
    const { path, hash } = project(join(tmp.dir, 'locked'));
    const holder = spawn('sqlite3', [path], { stdio: ['pipe', 'ignore', 'ignore'] });
    holder.stdin.write(
      "BEGIN IMMEDIATE;\nINSERT INTO datasets (name, source_path, format) VALUES ('held', 'x', 'csv');\n",
    );
    await new Promise((ok) => setTimeout(ok, 300)); // the shell has taken the lock
    const db = openDb(path);
    const err = (await importDataset(db, { path: small, name: 'blocked' }).catch((e: unknown) => e)) as {
      code: string;
      message: string;
    };
    expect(err.code).toBe('DatabaseBusy');
    expect(err.message).toBe(
      `${path}: the project database is locked by another program (another ewb command, ewb serve or the app) that has been writing to it for over 5 seconds; nothing was written. Wait for it to finish, or close it, then try again`,
    );
    holder.stdin.end('ROLLBACK;\n');
    await new Promise((ok) => holder.once('exit', ok));
    db.close();
    expect(dumpHash(path)).toBe(hash);
  });
});

describe('the disk is full', () => {
  const disk = join(tmp.dir, 'tmpfs');
  mkdirSync(disk);
  let mounted = false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', disk], { stdio: 'ignore' });
    mounted = true;
  } catch {
    console.log('skipped: disk-full cases need `mount -t tmpfs` (root); this machine refused it');
  }
  afterAll(() => {
    if (mounted) execFileSync('umount', [disk]);
  });
  /** Takes all but `spare` bytes of the small disk. */
  const fill = (spare: number): string => {
    const filler = join(disk, 'filler');
    const free = Number(execFileSync('df', ['--output=avail', '-B1', disk]).toString().split('\n')[1]);
    writeFileSync(filler, Buffer.alloc(Math.max(0, free - spare)));
    return filler;
  };

  it.runIf(mounted)('fails an import with DiskFull naming the path, and leaves the database as it was', async () => {
    const { path, hash } = project(join(disk, 'full'));
    const filler = fill(64 * 1024);
    const db = openDb(path);
    const err = (await importDataset(db, { path: ratingsFile('many.csv', 60_000), name: 'big' }).catch(
      (e: unknown) => e,
    )) as { code: string; message: string };
    expect(err.code).toBe('DiskFull');
    expect(err.message).toMatch(new RegExp(`^${path}: the disk holding the project database is full; nothing`));
    expect(err.message).toContain('Free some space on it, then try again');
    expect(listDatasets(db)).toEqual([]);
    db.close();
    rmSync(filler);
    expect(dumpHash(path)).toBe(hash);
    expect(execFileSync('sqlite3', [path, 'PRAGMA integrity_check;']).toString().trim()).toBe('ok');
  });

  it.runIf(mounted)('fails an export with DiskFull and leaves no partial file', async () => {
    const out = join(disk, 'export');
    const filler = fill(16 * 1024);
    const table = randomTable(20_000, 16);
    const err = (await exportTable('csv', table.table, table.vocab, out).catch((e: unknown) => e)) as {
      code: string;
      message: string;
    };
    rmSync(filler);
    expect(err.code).toBe('DiskFull');
    expect(err.message).toMatch(/items\.csv: the disk is full; nothing was kept .*Free some space on it/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});

describe('files that are not a project database', () => {
  it('says a file that is not a database is not one, and leaves it untouched', async () => {
    const path = join(tmp.dir, 'notes.db');
    writeFileSync(path, 'Meeting notes: these are not a database.\n'.repeat(200));
    const bytes = createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(() => openDb(path)).toThrow(
      `${path} is not an Embedding Workbench project database, or it is damaged: point --db (EWB_DB) at a project file, or at a new file name to start a new project`,
    );
    const cli = spawnEwb(['import', small, '--db', path]);
    expect(await cli.exit).toBe(1);
    expect(cli.stderr()).toContain('is not an Embedding Workbench project database');
    expect(cli.stderr()).not.toMatch(/file is not a database|SqliteError/);
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(bytes);
  });

  it('says why a database cannot be opened instead of "unable to open database file"', () => {
    const folder = join(tmp.dir, 'a-folder.db');
    mkdirSync(folder);
    expect(() => openDb(folder)).toThrow(`${folder}: cannot open the project database: check that`);
    const missing = join(tmp.dir, 'missing.db');
    expect(() => openDb(missing, { readonly: true })).toThrow(`${missing}: cannot open the project database`);
    const file = join(tmp.dir, 'plain.txt');
    writeFileSync(file, 'x');
    expect(() => openDb(join(file, 'p.db'))).toThrow(
      /plain\.txt\/p\.db: cannot create the folder .*\((ENOTDIR|EEXIST)\)/,
    );
  });
});

describe('two imports race for one name', () => {
  it('lets one win and tells the other that the name was taken meanwhile', async () => {
    const { path } = project(join(tmp.dir, 'race'));
    const [a, b] = [openDb(path), openDb(path)];
    const results = await Promise.allSettled([
      importDataset(a, { path: small, name: 'ratings' }),
      importDataset(b, { path: small, name: 'ratings' }),
    ]);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(lost.reason).toMatchObject({
      code: 'DatasetExists',
      message:
        'a dataset of this name was created meanwhile (another import took the name first); nothing was written: choose another name',
    });
    expect(listDatasets(a).map((d) => [d.name, d.rows])).toEqual([['ratings', 50]]);
    a.close();
    b.close();
  });
});

describe('an import killed during its write transaction', () => {
  it('leaves the database byte for byte as it was (WAL rolled back), and a later import completes', async () => {
    const { path, hash } = project(join(tmp.dir, 'killed'));
    const big = ratingsFile('killed.csv', 600_000);
    const cli = spawnEwb(['import', big, '--db', path, '--dataset', 'big', '--json']);
    // The write transaction is under way when the WAL grows past what opening the database wrote.
    const wal = `${path}-wal`;
    const opened = existsSync(wal) ? statSync(wal).size : 0;
    let walSize = 0;
    for (let waited = 0; waited < 120_000 && cli.child.exitCode === null; waited += 5) {
      walSize = existsSync(wal) ? statSync(wal).size : 0;
      if (walSize > opened + 4 * 1024 * 1024) break;
      await new Promise((ok) => setTimeout(ok, 5));
    }
    expect(cli.stdout()).toContain('"stage":"writing"');
    expect(cli.child.exitCode).toBe(null);
    cli.child.kill('SIGKILL');
    await cli.exit;
    expect(walSize).toBeGreaterThan(opened + 4 * 1024 * 1024);
    expect(execFileSync('sqlite3', [path, 'PRAGMA integrity_check;']).toString().trim()).toBe('ok');
    expect(dumpHash(path)).toBe(hash);
    const db = openDb(path);
    const r = await importDataset(db, { path: small, name: 'after' });
    expect(r.rows.imported).toBe(50);
    expect(listDatasets(db).map((d) => d.name)).toEqual(['after']);
    db.close();
  });
});

function spawnEwb(args: string[]) {
  const child = spawn(process.execPath, [EWB, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit: new Promise<number | null>((ok) => child.once('exit', (code) => ok(code))),
  };
}
