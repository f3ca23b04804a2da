// The Python a benchmark runs its reference tool with: the project's .venv-bench (pinned gensim 4.4, implicit,
// Surprise, UMAP, openTSNE, LightFM; scripts/python-env.sh makes it), created on first use. Not for tests.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BENCH_PYTHON = fileURLToPath(new URL('../.venv-bench/bin/python', import.meta.url));

/**
 * The bench environment's python if it can import `modules` (making the environment first when it is
 * missing), else null after one line saying why, so the benchmark prints its own figures without a ratio.
 */
export function benchPython(modules: readonly string[]): string | null {
  if (!existsSync(BENCH_PYTHON)) {
    console.log('.venv-bench missing: scripts/python-env.sh bench (about a minute, once)');
    const made = spawnSync('bash', ['scripts/python-env.sh', 'bench'], { cwd: ROOT, stdio: 'inherit' });
    if (made.status !== 0) {
      console.log('could not make .venv-bench (see above): no reference figures');
      return null;
    }
  }
  const probe = spawnSync(BENCH_PYTHON, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  if (probe.status === 0) return BENCH_PYTHON;
  console.log(`${BENCH_PYTHON} cannot import ${modules.join(', ')}: ${probe.stderr.trim().split('\n').pop()}`);
  return null;
}
