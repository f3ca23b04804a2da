import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { checkJava, javaMajor, locateSparkSubmit } from './locate';

const tmp = tempDir();
afterAll(tmp.cleanup);

/** An executable shell script at dir/name. */
function script(dir: string, name: string, body: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const bare = { PATH: join(tmp.dir, 'empty') }; // no SPARK_HOME, no JAVA_HOME, nothing on PATH

describe('finding spark-submit', () => {
  const home = join(tmp.dir, 'spark-home');
  const homeSubmit = script(join(home, 'bin'), 'spark-submit', 'exit 0');
  const pathDir = join(tmp.dir, 'on-path');
  const pathSubmit = script(pathDir, 'spark-submit', 'exit 0');
  // A pip-installed pyspark: spark-submit beside find_spark_home.py and the environment's python.
  const venv = join(tmp.dir, 'venv');
  const venvSubmit = script(join(venv, 'bin'), 'spark-submit', 'exit 0');
  script(join(venv, 'bin'), 'python', 'exit 0');
  writeFileSync(join(venv, 'bin', 'find_spark_home.py'), '');

  it('takes --spark-submit first, then SPARK_HOME, then PATH, then the pyspark package in the venvs', () => {
    const env = { SPARK_HOME: home, PATH: pathDir };
    expect(locateSparkSubmit({ explicit: pathSubmit, env, venvs: [venv] })).toMatchObject({
      path: pathSubmit,
      source: '--spark-submit',
    });
    expect(locateSparkSubmit({ env, venvs: [venv] })).toEqual({ path: homeSubmit, source: 'SPARK_HOME', env: {} });
    expect(locateSparkSubmit({ env: { PATH: pathDir }, venvs: [venv] })).toEqual({
      path: pathSubmit,
      source: 'PATH',
      env: {},
    });
    expect(locateSparkSubmit({ env: bare, venvs: [join(tmp.dir, 'nope'), venv] })).toEqual({
      path: venvSubmit,
      source: 'pyspark',
      env: { PYSPARK_PYTHON: join(venv, 'bin', 'python') },
    });
  });

  it("points a pip pyspark's spark-submit at its own Python, unless PYSPARK_PYTHON is chosen already", () => {
    const env = { PATH: join(venv, 'bin') };
    expect(locateSparkSubmit({ env }).env).toEqual({ PYSPARK_PYTHON: join(venv, 'bin', 'python') });
    expect(locateSparkSubmit({ env: { ...env, PYSPARK_PYTHON: '/usr/bin/python3' } }).env).toEqual({});
  });

  it('says what it tried when there is none, and names a wrong SPARK_HOME or --spark-submit', () => {
    expect(() => locateSparkSubmit({ env: bare, venvs: ['/no/venv'] })).toThrow(
      /no spark-submit: none given \(--spark-submit PATH\), SPARK_HOME is unset, none on PATH and no pyspark in \/no\/venv/,
    );
    expect(() => locateSparkSubmit({ env: { ...bare, SPARK_HOME: '/opt/nothing' } })).toThrow(
      /SPARK_HOME is \/opt\/nothing but it has no bin\/spark-submit/,
    );
    expect(() => locateSparkSubmit({ explicit: join(tmp.dir, 'missing'), env: bare })).toThrow(
      /--spark-submit .*missing: no such executable file/,
    );
  });
});

describe('checking Java', () => {
  it('reads the major version of old and new version strings', () => {
    expect(javaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(javaMajor('java version "1.8.0_292"')).toBe(8);
    expect(javaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(javaMajor('no idea')).toBeNull();
  });

  it('accepts Java 17 from JAVA_HOME or PATH', () => {
    const home = join(tmp.dir, 'jdk17');
    const java = script(join(home, 'bin'), 'java', `echo 'openjdk version "17.0.15" 2025-04-15' >&2`);
    expect(checkJava({ ...bare, JAVA_HOME: home })).toEqual({ path: java, major: 17 });
    expect(checkJava({ PATH: join(home, 'bin') })).toEqual({ path: java, major: 17 });
  });

  it('refuses no Java, a JAVA_HOME without one and Java 11, each saying what to do', () => {
    expect(() => checkJava(bare)).toThrow(
      /Spark needs Java 17 or newer and there is none .*apt-get install openjdk-17-jre-headless/,
    );
    expect(() => checkJava({ ...bare, JAVA_HOME: '/opt/no-jdk' })).toThrow(
      /JAVA_HOME is \/opt\/no-jdk but it has no bin\/java/,
    );
    const old = join(tmp.dir, 'jdk11', 'bin');
    script(old, 'java', `echo 'openjdk version "11.0.2" 2019-01-15' >&2`);
    expect(() => checkJava({ PATH: old })).toThrow(/is Java 11; Spark 4 needs 17 or newer: set JAVA_HOME/);
  });
});
