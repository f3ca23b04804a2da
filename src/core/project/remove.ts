// Removing a dataset (with its runs) or a run, with what it takes along: `project:remove`, `ewb rm`. A dry run
// says what would go, for the confirmation; nothing is removed while a run of it trains.
import { rmSync } from 'node:fs';
import type { RemovalReport, RemoveRequest, RunSummary } from '../../shared';
import { WorkbenchError } from '../../shared';
import { getDatasetById } from '../store/datasets';
import type { Db } from '../store/db';
import { getRunSummary, listRuns } from '../store/runs';
import { listExports } from './exportsLog';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function describeRuns(runs: readonly RunSummary[]): RemovalReport['runs'] {
  return runs.map((r) => ({ id: r.id, name: r.name ?? null, model: r.model, status: r.status }));
}

/** What removing takes along; refuses while one of the runs trains (cancel it first). */
export function removalPlan(db: Db, req: RemoveRequest, exportsDir: string): Omit<RemovalReport, 'removed'> {
  if ((req.datasetId === undefined) === (req.runId === undefined))
    throw new WorkbenchError('BadRequest', 'name either a dataset (datasetId) or a run (runId) to remove');
  let dataset: RemovalReport['dataset'] = null;
  let runs: RunSummary[];
  if (req.datasetId !== undefined) {
    const d = getDatasetById(db, req.datasetId);
    dataset = { id: d.id, name: d.name };
    runs = listRuns(db).filter((r) => r.datasetId === d.id);
  } else {
    runs = [getRunSummary(db, req.runId!)];
  }
  const busy = runs.find((r) => r.status === 'running' || r.status === 'queued');
  if (busy)
    throw new WorkbenchError(
      'BadRequest',
      `run ${busy.id} is ${busy.status}: cancel it first (ewb train is stopped with Ctrl-C, the app with Cancel)`,
    );
  const records = runs.flatMap((r) => listExports(db, r.id, exportsDir)).filter((e) => e.exists);
  const exports = [...new Set(records.filter((e) => e.inProject).map((e) => e.path))];
  const keptExports = [...new Set(records.filter((e) => !e.inProject).map((e) => e.path))];
  const parts = [
    dataset ? `dataset "${dataset.name}" with its vocabularies and data` : null,
    dataset ? plural(runs.length, 'run') : `run ${runs[0]!.id}${runs[0]!.name ? ` "${runs[0]!.name}"` : ''}`,
    exports.length ? plural(exports.length, 'export') + ' in the project' : null,
  ].filter(Boolean);
  const kept = keptExports.length
    ? `; ${plural(keptExports.length, 'export')} saved elsewhere stay${keptExports.length === 1 ? 's' : ''} where ${keptExports.length === 1 ? 'it is' : 'they are'}`
    : '';
  return {
    type: 'result',
    dataset,
    runs: describeRuns(runs),
    exports,
    keptExports,
    summary: `${parts.join(', ')}${kept}`,
  };
}

/** Removes what the plan lists, the database rows in one transaction, then the export files. */
export function removeFromProject(db: Db, req: RemoveRequest, exportsDir: string): RemovalReport {
  const plan = removalPlan(db, req, exportsDir);
  if (req.dryRun) return { ...plan, removed: false };
  // Foreign keys cascade: a dataset takes its vocabularies, data and runs; a run its epochs, tables and log.
  db.transaction(() => {
    if (plan.dataset) db.prepare('DELETE FROM datasets WHERE id = ?').run(plan.dataset.id);
    else db.prepare('DELETE FROM runs WHERE id = ?').run(plan.runs[0]!.id);
  })();
  for (const path of plan.exports) rmSync(path, { recursive: true, force: true });
  return { ...plan, removed: true };
}
