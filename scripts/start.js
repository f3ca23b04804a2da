// `npm start`: the desktop window where Electron's binary can be had; otherwise the same UI in a browser.
// Electron 45 downloads its binary on first launch; without internet that fails, and we say so plainly.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const configDir = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
// The same project database as Electron's userData folder, so both modes open the same project.
const dbPath = process.env.EWB_DB || join(configDir, 'embedding-workbench', 'workbench.db');

function electronBinary() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
  });
  if (probe.status === 0 && existsSync(probe.stdout)) return { path: probe.stdout };
  const reason =
    (probe.stderr || '').split('\n').find((l) => /Error|fetch failed|ENOTFOUND/.test(l)) || 'the download failed';
  return { error: reason.trim() };
}

const electron = process.env.EWB_BROWSER ? { error: 'EWB_BROWSER is set' } : electronBinary();
/**
 * better-sqlite3 in node_modules is compiled for Node (the CLI and tests use it); Electron has another ABI.
 * Build a second copy against Electron's headers once, and point the app at it (EWB_SQLITE_BINDING).
 */
function electronSqliteBinding() {
  const version = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  const dir = join(root, 'node_modules/.cache/ewb-electron', version, 'better-sqlite3');
  const binding = join(dir, 'build/Release/better_sqlite3.node');
  if (existsSync(binding)) return binding;
  console.log(`building better-sqlite3 for Electron ${version} (once; needs internet for Electron's headers)…`);
  cpSync(join(root, 'node_modules/better-sqlite3'), dir, {
    recursive: true,
    filter: (src) => !src.includes('/build/'),
  });
  const args = [
    'exec',
    '--yes',
    '--',
    'node-gyp',
    'rebuild',
    '--release',
    `--target=${version}`,
    '--dist-url=https://electronjs.org/headers',
  ];
  const built = spawnSync('npm', args, { cwd: dir, stdio: 'inherit' });
  if (built.status !== 0 || !existsSync(binding)) throw new Error('could not build better-sqlite3 for Electron');
  return binding;
}

if (electron.path) {
  const env = { ...process.env, EWB_SQLITE_BINDING: electronSqliteBinding() };
  const child = spawn(electron.path, [root], { stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  console.log(`Electron is not available here (${electron.error}).`);
  console.log(
    'Electron downloads its binary at first launch, which needs internet. Serving the same UI in your browser instead.',
  );
  const child = spawn(process.execPath, [join(root, 'bin/ewb.js'), 'serve', '--db', dbPath, '--sample'], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 1));
}
