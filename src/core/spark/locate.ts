// Finds what a Spark run needs on this machine: a spark-submit (in the order docs/spark.md gives) and a Java
// it can run on, with the environment that spark-submit needs to find its own Spark and Python.
import { accessSync, constants, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import { WorkbenchError } from '../../shared';
import { packageRoot } from '../runtime';

/** The project's own environment made by scripts/python-env.sh (the last place looked in, from source). */
export const PROJECT_SPARK_VENV = join(packageRoot(import.meta.url), '.venv-spark');

export interface SparkSubmit {
  path: string;
  /** Where it was found, for messages and the run's record. */
  source: '--spark-submit' | 'SPARK_HOME' | 'PATH' | 'pyspark';
  /** Variables spark-submit needs beyond the caller's environment. */
  env: Record<string, string>;
}

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const onPath = (name: string, env: NodeJS.ProcessEnv): string | null =>
  (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((d) => join(d, name))
    .find(executable) ?? null;

/**
 * A pip-installed pyspark puts spark-submit in its environment's bin/ beside find_spark_home.py, which it runs
 * with `python3` from PATH (or PYSPARK_PYTHON) to find its Spark: from another Python it finds none and fails.
 * So point PYSPARK_PYTHON at that environment's own interpreter (unless the caller chose one).
 */
function pipEnv(submit: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const bin = dirname(submit);
  const python = join(bin, 'python');
  if (env.PYSPARK_PYTHON || !existsSync(join(bin, 'find_spark_home.py')) || !executable(python)) return {};
  return { PYSPARK_PYTHON: python };
}

/**
 * `--spark-submit PATH`, else `$SPARK_HOME/bin/spark-submit`, else `spark-submit` on PATH, else the pyspark
 * package's own in one of `venvs` (default: the project's .venv-spark).
 */
export function locateSparkSubmit(
  opts: { explicit?: string; env?: NodeJS.ProcessEnv; venvs?: readonly string[] } = {},
): SparkSubmit {
  const env = opts.env ?? process.env;
  if (opts.explicit) {
    if (!executable(opts.explicit))
      throw new WorkbenchError('NotFound', `--spark-submit ${opts.explicit}: no such executable file`);
    return { path: opts.explicit, source: '--spark-submit', env: pipEnv(opts.explicit, env) };
  }
  if (env.SPARK_HOME) {
    const path = join(env.SPARK_HOME, 'bin', 'spark-submit');
    if (!executable(path))
      throw new WorkbenchError(
        'NotFound',
        `SPARK_HOME is ${env.SPARK_HOME} but it has no bin/spark-submit; fix or unset SPARK_HOME, or pass --spark-submit PATH`,
      );
    return { path, source: 'SPARK_HOME', env: {} };
  }
  const found = onPath('spark-submit', env);
  if (found) return { path: found, source: 'PATH', env: pipEnv(found, env) };
  const venvs = opts.venvs ?? [PROJECT_SPARK_VENV];
  for (const venv of venvs) {
    const path = join(venv, 'bin', 'spark-submit');
    if (executable(path)) return { path, source: 'pyspark', env: pipEnv(path, env) };
  }
  throw new WorkbenchError(
    'NotFound',
    `no spark-submit: none given (--spark-submit PATH), SPARK_HOME is unset, none on PATH and no pyspark in ` +
      `${venvs.join(', ')}. Install Spark 4 (or \`pip install 'pyspark[ml]==4.3.0'\`, or run scripts/python-env.sh spark)`,
  );
}

/** The major version in `java -version`'s first line: `"17.0.15"` → 17, the old `"1.8.0_292"` → 8. */
export function javaMajor(versionText: string): number | null {
  const m = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionText);
  if (!m) return null;
  const first = Number(m[1]);
  return first === 1 && m[2] ? Number(m[2]) : first;
}

/** The Java spark-submit will run on (JAVA_HOME's, else PATH's), checked to be 17 or newer as Spark 4 needs. */
export function checkJava(env: NodeJS.ProcessEnv = process.env): { path: string; major: number } {
  const path = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : onPath('java', env);
  const install =
    'install Java 17 (Debian/Ubuntu: apt-get install openjdk-17-jre-headless; or scripts/python-env.sh spark)';
  if (!path || !executable(path))
    throw new WorkbenchError(
      'NotFound',
      env.JAVA_HOME
        ? `JAVA_HOME is ${env.JAVA_HOME} but it has no bin/java: fix JAVA_HOME or ${install}`
        : `Spark needs Java 17 or newer and there is none (JAVA_HOME unset, no java on PATH): ${install}`,
    );
  const run = spawnSync(path, ['-version'], { encoding: 'utf8', env });
  const major = javaMajor(`${run.stderr ?? ''}${run.stdout ?? ''}`);
  if (major === null) throw new WorkbenchError('NotFound', `${path} -version did not say which Java it is: ${install}`);
  if (major < 17)
    throw new WorkbenchError(
      'NotFound',
      `${path} is Java ${major}; Spark 4 needs 17 or newer: set JAVA_HOME or ${install}`,
    );
  return { path, major };
}
