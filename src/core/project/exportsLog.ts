// The files and folders written for each run (table exports, batch results, packs), so that removing a run
// can say what it takes along: what lies in the project's exports folder goes with it, what the user saved
// elsewhere stays (it is theirs).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportRecord } from '../../shared';
import { isInside } from '../boundary';
import type { Db } from '../store/db';
import { fileSafe } from '../tables/exportDir';

export function recordExport(db: Db, runId: number, kind: string, path: string): void {
  db.prepare('INSERT INTO run_exports (run_id, kind, path) VALUES (?, ?, ?)').run(runId, kind, path);
}

/** Folders `<dataset>-run<id>` (and `-2`, `-3` …) under the exports folder: table exports made before v7. */
function unrecordedFolders(exportsDir: string, dataset: string, runId: number): string[] {
  if (!existsSync(exportsDir)) return [];
  const base = `${fileSafe(dataset)}-run${runId}`;
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(-\\d+)?$`);
  return readdirSync(exportsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && pattern.test(e.name))
    .map((e) => join(exportsDir, e.name));
}

/** Every export of a run, recorded or found in the exports folder, newest first. */
export function listExports(db: Db, runId: number, exportsDir: string): ExportRecord[] {
  const rows = db
    .prepare('SELECT id, run_id, kind, path, created_at FROM run_exports WHERE run_id = ? ORDER BY id DESC')
    .all(runId) as { id: number; run_id: number; kind: string; path: string; created_at: string }[];
  const records: ExportRecord[] = rows.map((r) => ({
    id: r.id,
    runId: r.run_id,
    kind: r.kind,
    path: r.path,
    createdAt: r.created_at,
    inProject: isInside(exportsDir, r.path),
    exists: existsSync(r.path),
  }));
  const dataset = db
    .prepare('SELECT d.name FROM runs r JOIN datasets d ON d.id = r.dataset_id WHERE r.id = ?')
    .get(runId) as { name: string } | undefined;
  if (dataset) {
    const known = new Set(records.map((r) => r.path));
    for (const path of unrecordedFolders(exportsDir, dataset.name, runId)) {
      if (!known.has(path))
        records.push({ id: 0, runId, kind: 'table', path, createdAt: '', inProject: true, exists: true });
    }
  }
  return records;
}
