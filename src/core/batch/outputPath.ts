// Where a batch result goes: the file the CLI names (never over an earlier one unless asked), or `<kind>.<format>`
// in a folder the app chose (Electron's save dialog) or in a new `<dataset>-run<id>` folder of the project's
// exports folder (browser mode downloads it from there as `<dataset>-run<id>-<kind>.<format>`). The folder or
// file is what the run's exports log keeps.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchFormat, BatchKind, BatchOutput } from '../../shared';
import { BATCH_FORMATS, WorkbenchError } from '../../shared';
import { newExportDir } from '../tables/exportDir';

export interface OutputPlace {
  path: string;
  format: BatchFormat;
  /** What to log as the export: the folder made for it, or the file. */
  logged: string;
}

export function outputPlace(
  o: BatchOutput,
  kind: BatchKind,
  run: { id: number; dataset: string },
  exportsDir: string,
): OutputPlace {
  const format = o.format ?? (o.out?.toLowerCase().endsWith('.parquet') ? 'parquet' : 'csv');
  if (!BATCH_FORMATS.includes(format))
    throw new WorkbenchError('BadRequest', `format is one of ${BATCH_FORMATS.join(', ')} (got "${String(format)}")`);
  if (o.out !== undefined) {
    if (o.out === '') throw new WorkbenchError('BadRequest', 'name the file to write (out)');
    if (existsSync(o.out) && !o.overwrite)
      throw new WorkbenchError(
        'BadRequest',
        `${o.out} exists already: choose another file name, or replace it on purpose (--force)`,
      );
    return { path: o.out, format, logged: o.out };
  }
  const folder = o.outDir ?? newExportDir(exportsDir, run.dataset, run.id);
  const path = join(folder, `${kind}.${format}`);
  if (existsSync(path))
    throw new WorkbenchError(
      'BadRequest',
      `${path} exists already: choose a new folder (an earlier result is never overwritten)`,
    );
  return { path, format, logged: folder };
}
