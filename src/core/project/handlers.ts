// The handlers that manage a project's datasets and runs (project.ts of the contract): update, report,
// remove, exports, pack and unpack.
import type { Handlers } from '../../shared';
import type { TableCache } from '../explore/tableAccess';
import type { Db } from '../store/db';
import { updateDataset, updateRun } from './annotate';
import { listExports } from './exportsLog';
import { packRun } from './pack';
import { removeFromProject } from './remove';
import { storedImport } from './storedImport';
import { unpackRun } from './unpack';

type ProjectHandlers = Pick<
  Handlers,
  | 'datasets:update'
  | 'datasets:report'
  | 'project:remove'
  | 'runs:update'
  | 'runs:exports'
  | 'runs:pack'
  | 'runs:unpack'
>;

export function projectHandlers(db: Db, tables: TableCache, exportsDir: string): ProjectHandlers {
  return {
    'datasets:update': async (req) => updateDataset(db, req),
    'datasets:report': async (req) => storedImport(db, req.datasetId),
    'project:remove': async (req) => {
      const report = removeFromProject(db, req, exportsDir);
      // Run ids are reused by SQLite: a table cached under a removed run's id must not answer for a new run.
      if (report.removed) for (const r of report.runs) tables.forget(r.id);
      return report;
    },
    'runs:update': async (req) => updateRun(db, req),
    'runs:exports': async (req) => listExports(db, req.runId, exportsDir),
    'runs:pack': async (req) => packRun(db, req, exportsDir),
    'runs:unpack': async (req) => unpackRun(db, req),
  };
}
