// Where an export goes when the caller does not say: a new folder per export under the project's exports
// folder, named after the dataset and run, so that a second export never overwrites the first one; and the
// clean-up of `.partial` files that an export killed mid-write left behind.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** `movies 2024` → `movies_2024`: a dataset name as part of a file name on any disk. */
export const fileSafe = (s: string): string => s.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '') || 'dataset';

/** Creates and returns `<root>/<dataset>-run<id>`, or `…-2`, `…-3` when taken (created atomically). */
export function newExportDir(root: string, dataset: string, runId: number): string {
  mkdirSync(root, { recursive: true });
  const base = `${fileSafe(dataset)}-run${runId}`;
  for (let n = 1; ; n++) {
    const dir = join(root, n === 1 ? base : `${base}-${n}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** Removes every `*.partial` file under `root` (an export killed before its rename); returns how many. */
export function removePartialFiles(root: string): number {
  if (!existsSync(root)) return 0;
  let removed = 0;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.partial')) continue;
    rmSync(join(entry.parentPath, entry.name), { force: true });
    removed++;
  }
  return removed;
}

/**
 * Files of an earlier export of `table` in `dir` (`items.csv`, `items_vectors.tsv` …): a new export there would
 * replace them, which happens only when asked for (nothing overwrites an earlier export silently).
 */
export function earlierExports(dir: string, table: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.startsWith(`${table}.`) || f.startsWith(`${table}_`));
}
