// `runs:pack` / `ewb pack`: a run with its dataset's row, vocabularies and mapping (no interactions or
// sequences) into one file, written as `.partial` and renamed when whole; `runs:unpack` / `ewb unpack` brings it
// into another project (unpack.ts).
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PackRequest, PackResult } from '../../shared';
import { WorkbenchError } from '../../shared';
import type { Db } from '../store/db';
import { getRun } from '../store/runs';
import { newExportDir } from '../tables/exportDir';
import { recordExport } from './exportsLog';
import { copyRows, createPack, tablesDigest } from './packFile';

export function packRun(db: Db, req: PackRequest, exportsDir: string): PackResult {
  const run = getRun(db, req.runId);
  if (run.status === 'running' || run.status === 'queued')
    throw new WorkbenchError('BadRequest', `run ${run.id} is ${run.status}: pack it when it has stopped`);
  if (req.out && existsSync(req.out))
    throw new WorkbenchError(
      'BadRequest',
      `${req.out} exists already: choose another file name (an earlier file is never overwritten)`,
    );
  const folder = req.out ? null : (req.outDir ?? newExportDir(exportsDir, run.dataset, run.id));
  // In a folder of its own named after dataset and run: the browser downloads it as `<dataset>-run<id>-run.ewb`.
  const out = req.out ?? join(folder!, 'run.ewb');
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  const pack = createPack(partial);
  let digest: { sha256: string; tables: number };
  let vocabularies: number;
  try {
    pack.transaction(() => {
      copyRows(db, pack, 'datasets', 'id = ?', [run.datasetId]);
      copyRows(db, pack, 'import_rejects', 'dataset_id = ?', [run.datasetId]);
      copyRows(db, pack, 'vocab', 'dataset_id = ?', [run.datasetId]);
      copyRows(db, pack, 'runs', 'id = ?', [run.id], { owner_pid: null });
      copyRows(db, pack, 'run_epochs', 'run_id = ?', [run.id]);
      copyRows(db, pack, 'run_tables', 'run_id = ?', [run.id]);
      copyRows(db, pack, 'run_table_parts', 'run_id = ?', [run.id]);
      // Its finished maps travel with it: they open at once in the other project too.
      copyRows(db, pack, 'projections', 'run_id = ?', [run.id]);
    })();
    vocabularies = (pack.prepare('SELECT COUNT(DISTINCT role) AS n FROM vocab').get() as { n: number }).n;
    digest = tablesDigest(pack, run.id);
    pack.close();
    renameSync(partial, out);
  } catch (err) {
    if (pack.open) pack.close();
    rmSync(partial, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'SQLITE_FULL')
      throw new WorkbenchError(
        'DiskFull',
        `${out}: the disk is full; nothing was kept. Free some space and pack again`,
      );
    throw err;
  }
  recordExport(db, run.id, 'pack', folder ?? out);
  return {
    type: 'result',
    runId: run.id,
    out,
    bytes: statSync(out).size,
    tables: digest.tables,
    vocabularies,
    tablesSha256: digest.sha256,
  };
}
