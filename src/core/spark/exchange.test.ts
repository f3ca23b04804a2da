import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { fileUri, isRunFolder, removeLocal, runFolders, usableFolder } from './exchange';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('the exchange folder of a run', () => {
  it('gives each run a fresh folder under a local stage, made if missing, and removes only that', () => {
    const stage = join(tmp.dir, 'stage', 'nested');
    const a = runFolders({ master: 'local[2]', stage });
    const b = runFolders({ master: 'local[2]', stage });
    expect(a.remote).toBe(false);
    expect(a.spark).toBe(a.local);
    expect(dirname(a.local)).toBe(stage);
    expect(a.local).not.toBe(b.local);
    expect(isRunFolder(a.local)).toBe(true);
    removeLocal(a);
    expect(existsSync(a.local)).toBe(false);
    expect(existsSync(b.local)).toBe(true);
  });

  it('with a URI stage writes here first and names the same run folder under the URI', () => {
    const f = runFolders({ master: 'yarn', stage: 'hdfs://nn:8020/user/ana/ewb/' });
    expect(f.remote).toBe(true);
    expect(f.spark).toBe(`hdfs://nn:8020/user/ana/ewb/${basename(f.local)}`);
    expect(existsSync(f.local)).toBe(true);
    expect(fileUri(f.local)).toBe(`file://${f.local}`);
    removeLocal(f);
  });

  it('refuses a folder on this machine for a cluster, and no stage at all for one', () => {
    expect(() => runFolders({ master: 'spark://h:7077', stage: join(tmp.dir, 's') })).toThrow(
      /--master spark:\/\/h:7077 runs on other machines, which cannot read .* give --stage a URI/,
    );
    expect(() => runFolders({ master: 'yarn' })).toThrow(/give --stage a URI they read/);
  });

  it('says clearly when the stage folder cannot be made or used', () => {
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, 'x');
    expect(() => usableFolder(join(file, 'stage'))).toThrow(
      /the stage folder .*a-file\/stage cannot be used \(ENOTDIR\): give --stage a folder this user can write and read/,
    );
    expect(() => runFolders({ master: 'local[2]', stage: file })).toThrow(/cannot be used \(EEXIST\)/);
  });

  it('only ever calls ewb-run-* folders run folders', () => {
    expect(isRunFolder('hdfs://nn/x/ewb-run-17-abc/')).toBe(true);
    expect(isRunFolder('hdfs://nn/x/data')).toBe(false);
    expect(isRunFolder('/')).toBe(false);
  });
});
