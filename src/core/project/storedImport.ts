// A dataset's import report, kept when the import finishes so that it can be opened again (`datasets:report`).
// Datasets imported before it was kept get it rebuilt from what the project holds (the cut-offs' OOV figures
// were not stored then: they read 0, and `rebuilt` says so).
import type { ImportResult, QualityReport, SplitName, StoredImport } from '../../shared';
import { SPLITS, WorkbenchError } from '../../shared';
import type { Db } from '../store/db';

/** Keeps what the import reported (its rejects are in import_rejects already). */
export function saveImportResult(db: Db, result: ImportResult): void {
  const kept: Omit<ImportResult, 'rejects'> & { rejects?: unknown } = { ...result };
  delete kept.rejects;
  db.prepare('UPDATE datasets SET import_json = ? WHERE id = ?').run(JSON.stringify(kept), result.datasetId);
}

interface DatasetRow {
  name: string;
  rows_read: number;
  rows_imported: number;
  rows_rejected: number;
  report_json: string | null;
  import_json: string | null;
}

function rejectsOf(db: Db, datasetId: number): ImportResult['rejects'] {
  return db
    .prepare('SELECT line, reason FROM import_rejects WHERE dataset_id = ? ORDER BY line LIMIT 100')
    .all(datasetId) as ImportResult['rejects'];
}

function splitCounts(db: Db, datasetId: number): Record<SplitName, number> {
  const counts: Record<SplitName, number> = { train: 0, valid: 0, test: 0 };
  const chunks = db.prepare('SELECT splits FROM interaction_chunks WHERE dataset_id = ?').raw().iterate(datasetId);
  let any = false;
  for (const [splits] of chunks as IterableIterator<[Buffer]>) {
    any = true;
    for (const s of splits) counts[SPLITS[s]!]++;
  }
  if (!any) {
    const rows = db
      .prepare('SELECT split, COUNT(*) AS n FROM sequences WHERE dataset_id = ? GROUP BY split')
      .all(datasetId) as { split: number; n: number }[];
    for (const r of rows) counts[SPLITS[r.split]!] += r.n;
  }
  return counts;
}

export function storedImport(db: Db, datasetId: number): StoredImport {
  const row = db
    .prepare(
      'SELECT name, rows_read, rows_imported, rows_rejected, report_json, import_json FROM datasets WHERE id = ?',
    )
    .get(datasetId) as DatasetRow | undefined;
  if (!row) throw new WorkbenchError('NotFound', `no dataset with id ${datasetId}`);
  if (row.import_json) {
    const kept = JSON.parse(row.import_json) as Omit<ImportResult, 'rejects'>;
    // The name may have changed since (datasets:update).
    return { ...kept, dataset: row.name, rejects: rejectsOf(db, datasetId), rebuilt: false };
  }
  if (!row.report_json)
    throw new WorkbenchError(
      'NotFound',
      `dataset "${row.name}" has no import report (it was not imported from a file)`,
    );
  const vocabularies: ImportResult['vocabularies'] = {};
  const sizes = db
    .prepare('SELECT role, COUNT(*) AS n FROM vocab WHERE dataset_id = ? AND idx >= 2 GROUP BY role')
    .all(datasetId) as { role: 'user' | 'item' | 'event' | 'word' | 'label'; n: number }[];
  for (const s of sizes) vocabularies[s.role] = { size: s.n, oovIds: 0, oovRows: 0 };
  return {
    type: 'result',
    datasetId,
    dataset: row.name,
    rows: { read: row.rows_read, imported: row.rows_imported, rejected: row.rows_rejected },
    rejects: rejectsOf(db, datasetId),
    vocabularies,
    splits: splitCounts(db, datasetId),
    report: JSON.parse(row.report_json) as QualityReport,
    seconds: 0,
    rebuilt: true,
  };
}
