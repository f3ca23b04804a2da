// `node --import tsx bench/import.ts [--rows 25000000] [--file PATH]`: `ewb import` of a MovieLens-25M-shaped
// ratings CSV against the sqlite3 shell's `.import` of the same file into a plain table, in the same run.
// Prints wall time, rows/s, peak RSS of both, and the speed ratio (issue 3 wants ≥ 0.5×, aims for 1.0×,
// with peak RSS under 1 GB). Not part of CI: the 25M-row file is ~680 MB.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRng } from '../src/core/random';
import { EWB } from './ewb';

const { values } = parseArgs({
  options: { rows: { type: 'string' }, file: { type: 'string' }, users: { type: 'string' }, items: { type: 'string' } },
});
const ROWS = Number(values.rows ?? 25_000_000);
const USERS = Number(values.users ?? 162_541); // MovieLens 25M's users and movies
const ITEMS = Number(values.items ?? 59_047);
const dir = join(tmpdir(), 'ewb-bench');
mkdirSync(dir, { recursive: true });
const file = values.file ?? join(dir, `ratings-${ROWS}.csv`);

/** Rows grouped by user as in MovieLens, item popularity skewed, half-star ratings, rising timestamps. */
async function generate(path: string): Promise<void> {
  const rng = createRng(25);
  const out = createWriteStream(path);
  out.write('userId,movieId,rating,timestamp\n');
  const perUser = ROWS / USERS;
  let written = 0;
  let ts = 789_652_009;
  for (let u = 1; written < ROWS; u++) {
    const n = Math.min(ROWS - written, Math.max(1, Math.round(perUser * 2 * rng())));
    let buf = '';
    for (let k = 0; k < n; k++) {
      const item = 1 + Math.floor(rng() ** 3 * ITEMS);
      ts += Math.floor(rng() * 40);
      buf += `${u},${item},${(1 + Math.floor(rng() * 9)) / 2},${ts}\n`;
    }
    written += n;
    if (!out.write(buf)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Runs a command under /usr/bin/time: wall seconds and peak RSS in MB. */
function timed(cmd: string, args: string[]): { seconds: number; rssMb: number; stdout: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  const [seconds, kb] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, rssMb: kb! / 1024, stdout: r.stdout };
}

if (!existsSync(file)) {
  console.log(`generating ${ROWS.toLocaleString()} ratings into ${file}…`);
  await generate(file);
}
console.log(`file: ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB)`);
console.log(execFileSync('vmstat', ['1', '2']).toString().trim().split('\n').at(-1));

const sqliteDb = join(dir, 'sqlite3-import.db');
const ewbDb = join(dir, 'ewb-import.db');
for (const p of [sqliteDb, ewbDb]) for (const s of ['', '-wal', '-shm']) rmSync(p + s, { force: true });

const sqlite = timed('sqlite3', [sqliteDb, '.mode csv', `.import ${file} ratings`]);
const ours = timed(process.execPath, [EWB, 'import', file, '--db', ewbDb, '--dataset', 'bench', '--json']);
const result = JSON.parse(ours.stdout.trim().split('\n').at(-1)!) as { rows: { read: number; imported: number } };

const rate = (s: number): string => `${(ROWS / s / 1e6).toFixed(2)}M rows/s`;
console.log(
  `sqlite3 .import   ${sqlite.seconds.toFixed(1)} s  ${rate(sqlite.seconds)}  peak RSS ${sqlite.rssMb.toFixed(0)} MB`,
);
console.log(
  `ewb import        ${ours.seconds.toFixed(1)} s  ${rate(ours.seconds)}  peak RSS ${ours.rssMb.toFixed(0)} MB  (${result.rows.imported.toLocaleString()} rows, vocabularies, split)`,
);
console.log(
  `speed ratio ewb / sqlite3 = ${(sqlite.seconds / ours.seconds).toFixed(2)}×  (target ≥ 0.5×, aim 1.0×); peak RSS ${ours.rssMb < 1024 ? 'under' : 'OVER'} 1 GB`,
);
