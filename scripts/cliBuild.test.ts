// bin/ewb.js runs the CLI's build only while it is newer than every source, else the sources through tsx; and
// packageRoot finds the project from any depth (the sources' and the build's files sit at different ones).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/core/runtime';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'ewb-bin-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A project with bin/ewb.js whose built and source CLIs each say which they are. */
function project(): string {
  const at = join(dir, `p${Math.random().toString(36).slice(2)}`);
  for (const d of ['bin', 'out/cli', 'src/cli', 'src/core/train', 'src/server', 'src/shared'])
    mkdirSync(join(at, d), { recursive: true });
  cpSync(join(root, 'bin/ewb.js'), join(at, 'bin/ewb.js'));
  symlinkSync(join(root, 'node_modules'), join(at, 'node_modules'));
  writeFileSync(join(at, 'package.json'), '{"type":"module"}');
  writeFileSync(join(at, 'package-lock.json'), '{}');
  writeFileSync(join(at, 'out/cli/main.js'), "console.log('built');");
  writeFileSync(join(at, 'src/cli/main.ts'), "const from: string = 'source'; console.log(from);");
  writeFileSync(join(at, 'src/core/train/loop.ts'), '');
  return at;
}

const run = (at: string, env: NodeJS.ProcessEnv = {}): string =>
  spawnSync(process.execPath, [join(at, 'bin/ewb.js')], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  }).stdout.trim();

const age = (path: string, secondsAgo: number): void => {
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(path, t, t);
};

describe('bin/ewb.js', () => {
  it('runs the sources when there is no build, or an edit is newer than it', () => {
    const at = project();
    expect(run(at)).toBe('source'); // no stamp: never built
    writeFileSync(join(at, 'out/cli/built'), '');
    age(join(at, 'src/core/train/loop.ts'), 0);
    age(join(at, 'out/cli/built'), 60);
    expect(run(at)).toBe('source');
  });

  it('runs the build while it is newer than every source, unless told to run the sources', () => {
    const at = project();
    for (const p of [
      'src/cli/main.ts',
      'src/core/train/loop.ts',
      'src/core/train',
      'src/core',
      'src/cli',
      'src/server',
      'src/shared',
      'src',
      'package-lock.json',
    ])
      age(join(at, p), 120);
    writeFileSync(join(at, 'out/cli/built'), '');
    expect(run(at)).toBe('built');
    expect(run(at, { EWB_FROM_SOURCE: '1' })).toBe('source');
    // Deleting a source file changes its folder's time: stale again.
    rmSync(join(at, 'src/core/train/loop.ts'));
    expect(run(at)).toBe('source');
  });
});

describe('packageRoot', () => {
  it('finds the folder of the nearest package.json from the sources and from the build', () => {
    expect(packageRoot(pathToFileURL(join(root, 'src/core/spark/locate.ts')).href)).toBe(root);
    expect(packageRoot(pathToFileURL(join(root, 'out/cli/train/process.js')).href)).toBe(root);
  });
});
