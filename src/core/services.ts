// The product's services behind the contract: one object of handlers that Electron main, the HTTP server
// and the CLI all call. It owns the database connection (the one writer) and the run supervisor.
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import type { AppInfo, EventSink, Handlers, RunEvent, SparkTrainRequest, TrainRequest, TuneRequest } from '../shared';
import { EXPORT_FORMATS, frontEndConfProblem, WorkbenchError } from '../shared';
import { earlierExports, newExportDir, removePartialFiles } from './tables/exportDir';
import { exportTable, isExportFormat } from './tables/exportTable';
import { cancelAnnBuilds } from './explore/annIndex';
import { biasLeaderboard } from './explore/biases';
import { bookmarkHandlers } from './explore/bookmarks';
import { compareRuns } from './explore/compare';
import { analogyOf, keysOf, neighborsOf, tableInfoOf } from './explore/queries';
import { TableCache } from './explore/tableAccess';
import { evaluateRun } from './explore/evaluate';
import { recommendForRun } from './explore/recommendRun';
import type { ProjectionTask } from './explore/projectJob';
import { projectionPoints, projectRun } from './explore/projectRun';
import type { NodeEntry } from './runtime';
import { importDataset } from './ingest/importDataset';
import { previewFile } from './ingest/preview';
import { listDatasets } from './store/datasets';
import { openDb, type Db } from './store/db';
import { loadMap, saveMap } from './store/projections';
import { getRun, listRuns, markOrphanedRuns } from './store/runs';
import { RunSupervisor, type SpawnTrainer } from './train/supervisor';
import { importVectorsTable } from './tables/importVectorsTable';
import { runStarts, type RunStart } from './runStarts';
import { sparkJobFile } from './spark/trainOnSpark';
import { predictRun } from './tfjs/classifierPredictions';
import { markOrphanedStudies } from './store/studies';
import { Studies, type StudyStart } from './tune/studies';
import { listStudies, studyDetail } from './tune/studyView';
import { batchHandlers } from './batch/handlers';
import { recordExport } from './project/exportsLog';
import { projectHandlers } from './project/handlers';
import { saveImportResult } from './project/storedImport';

export interface ServicesOptions {
  dbPath: string;
  /** The folder holding `sample/` (the bundled sample data). */
  resourcesDir: string;
  mode: AppInfo['mode'];
  version: string;
  spawnTrainer: SpawnTrainer;
  /** The projection worker's entry (src/core/explore/projectWorker.ts, or projectWorker.js in a build). */
  projectWorker: NodeEntry;
  emit: EventSink;
}

export interface Services {
  handlers: Handlers;
  db: Db;
  /** Starts a run and also gives the promise of its stored result (the CLI waits on it). */
  train(req: TrainRequest): RunStart;
  /** Starts a run on Spark (`runs:startSpark`; the CLI's `--conf` is not confined as a front end's is). */
  trainSpark(req: SparkTrainRequest): RunStart;
  /** Resumes a stopped run from its checkpoint (`runs:resume`), with the promise of its result. */
  resume(runId: number): RunStart;
  /** Cancels a running run (its process is killed; the epochs and checkpoint it stored stay). */
  cancel(runId: number): boolean;
  /** Starts a study (`studies:start`) and also gives the promise of its result (the CLI waits on it). */
  tune(req: TuneRequest): StudyStart;
  resumeStudy(studyId: number): StudyStart;
  cancelStudy(studyId: number): boolean;
  samplePath: string;
  close(): void;
}

export function createServices(opts: ServicesOptions): Services {
  const db = openDb(opts.dbPath);
  // Every front end (CLI, serve, Electron) does this at start: no run stays `running` after its process died.
  markOrphanedRuns(db);
  markOrphanedStudies(db);
  const exportsDir = join(dirname(opts.dbPath), 'exports');
  removePartialFiles(exportsDir); // left by an export that was killed mid-write
  // Run events go out, and to the studies in this process (their pruners read the epochs).
  const runListeners = new Set<(e: RunEvent) => void>();
  const emit: EventSink = (event, payload) => {
    opts.emit(event, payload);
    if (event === 'runs:progress') for (const l of runListeners) l(payload as RunEvent);
  };
  const supervisor = new RunSupervisor(db, opts.dbPath, opts.spawnTrainer, emit);
  const samplePath = join(opts.resourcesDir, 'sample', 'ratings.csv');
  const tables = new TableCache(db);

  const imports = new Map<string, AbortController>();
  /** Running projections by id; undefined until the worker has started. */
  const projections = new Map<string, ProjectionTask | undefined>();
  let projectionSeq = 0;

  // spark-submit runs the job file itself: in a packaged app it must be the copy unpacked beside app.asar.
  const sparkJob = sparkJobFile(opts.resourcesDir).replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  const { train, trainSpark, resume } = runStarts(db, supervisor, sparkJob);
  const studies = new Studies({
    db,
    cores: availableParallelism(),
    train,
    resume,
    cancelRun: (runId, reason) => supervisor.cancel(runId, reason),
    onRunEvent: (listener) => {
      runListeners.add(listener);
      return () => runListeners.delete(listener);
    },
    emit: (e) => opts.emit('studies:progress', e),
  });
  const batches = batchHandlers(db, tables, exportsDir, opts.emit);

  const handlers: Handlers = {
    'app:info': async () => ({ version: opts.version, mode: opts.mode, dbPath: opts.dbPath, samplePath }),
    'datasets:list': async () => listDatasets(db),
    'datasets:preview': async (req) => previewFile(req),
    'datasets:import': async (req) => {
      const importId = req.importId ?? `import-${Date.now()}`;
      if (imports.has(importId))
        throw new WorkbenchError('BadRequest', `an import with id "${importId}" is running already`);
      const controller = new AbortController();
      imports.set(importId, controller);
      try {
        const result = await importDataset(db, req, {
          signal: controller.signal,
          onProgress: (p) => opts.emit('imports:progress', { importId, ...p }),
        });
        saveImportResult(db, result); // to open the report again (datasets:report)
        return result;
      } finally {
        imports.delete(importId);
      }
    },
    'tables:import': async (req) => {
      const importId = req?.importId ?? `vectors-${Date.now()}`;
      if (imports.has(importId))
        throw new WorkbenchError('BadRequest', `an import with id "${importId}" is running already`);
      const controller = new AbortController();
      imports.set(importId, controller);
      try {
        return await importVectorsTable(db, req, {
          signal: controller.signal,
          onProgress: (p) => opts.emit('imports:progress', { importId, ...p }),
        });
      } finally {
        imports.delete(importId);
      }
    },
    'datasets:cancelImport': async (req) => {
      const controller = imports.get(req.importId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },
    'runs:list': async () => listRuns(db),
    'runs:get': async (req) => getRun(db, req.runId),
    'runs:start': async (req) => ({ runId: train(req).runId }),
    'runs:startSpark': async (req) => {
      // A front end's `--conf` may not make this machine run a program (the CLI calls trainSpark directly).
      const refused = (req.spark.conf ?? []).map(frontEndConfProblem).filter((p) => p !== null);
      if (refused.length > 0) throw new WorkbenchError('BadRequest', refused.join('; '));
      return { runId: trainSpark(req).runId };
    },
    'runs:resume': async (req) => ({ runId: resume(req.runId).runId }),
    'runs:cancel': async (req) => ({ cancelled: supervisor.cancel(req.runId) }),
    'runs:compare': async (req) => compareRuns(db, tables, req),
    'runs:predict': async (req) => predictRun(db, req),
    'embeddings:keys': async (req) => keysOf(db, tables, req),
    'embeddings:tableInfo': async (req) => tableInfoOf(tables, req),
    'embeddings:neighbors': async (req) => neighborsOf(tables, req),
    'embeddings:analogy': async (req) => analogyOf(tables, req),
    'embeddings:evaluate': async (req) => evaluateRun(db, req),
    'embeddings:biases': async (req) => biasLeaderboard(db, tables, req),
    'embeddings:recommend': async (req) => recommendForRun(db, tables, req),
    'embeddings:project': async (req) => {
      const projectionId = req.projectionId ?? `projection-${Date.now()}-${++projectionSeq}`;
      if (projections.has(projectionId))
        throw new WorkbenchError('BadRequest', `a projection with id "${projectionId}" is running already`);
      projections.set(projectionId, undefined);
      try {
        return await projectRun(tables.get(req.runId, req.table), req, opts.projectWorker, {
          projectionId,
          onProgress: (p) => opts.emit('projections:progress', p),
          onStart: (task) => projections.set(projectionId, task),
          cache: { load: (key, points) => loadMap(db, key, points), save: (key, map) => saveMap(db, key, map) },
        });
      } finally {
        projections.delete(projectionId);
      }
    },
    'studies:start': async (req) => ({ studyId: studies.start(req).studyId }),
    'studies:list': async () => listStudies(db),
    'studies:get': async (req) => studyDetail(db, req.studyId),
    'studies:cancel': async (req) => ({ cancelled: studies.cancel(req.studyId) }),
    'studies:resume': async (req) => ({ studyId: studies.resume(req.studyId).studyId }),
    'embeddings:cancelProject': async (req) => ({ cancelled: projections.get(req.projectionId)?.cancel() ?? false }),
    'embeddings:controlProject': async (req) => {
      if (!['pause', 'resume', 'stop'].includes(req?.action))
        throw new WorkbenchError('BadRequest', `action is one of pause, resume, stop (got ${String(req?.action)})`);
      return { applied: projections.get(req.projectionId)?.control(req.action) ?? false };
    },
    'embeddings:projectionPoints': async (req) => {
      const { keys, counts, titles, genres, columns, filter } = projectionPoints(tables.get(req.runId, req.table), req);
      return { keys, counts, titles, genres, columns, filter };
    },
    'embeddings:export': async (req) => {
      if (!isExportFormat(req.format))
        throw new WorkbenchError(
          'BadRequest',
          `export format "${req.format}" is not one of ${EXPORT_FORMATS.join(', ')}`,
        );
      const t = tables.get(req.runId, req.table);
      const outDir = req.outDir ?? newExportDir(exportsDir, getRun(db, req.runId).dataset, req.runId);
      const earlier = req.overwrite ? [] : earlierExports(outDir, req.table);
      if (earlier.length)
        throw new WorkbenchError(
          'BadRequest',
          `${outDir} holds an earlier export of ${req.table} (${earlier.join(', ')}): choose a new folder, or replace it on purpose (--force)`,
        );
      const result = await exportTable(req.format, t.table, t.vocab, outDir, {
        includeSpecial: req.includeSpecial,
        includeBias: req.includeBias,
        neutralizeFormulas: req.neutralizeFormulas,
        onlyTrained: req.onlyTrained,
      });
      recordExport(db, req.runId, 'table', outDir);
      return result;
    },
    ...projectHandlers(db, tables, exportsDir),
    ...batches.handlers,
    ...bookmarkHandlers(db),
  };

  return {
    handlers,
    db,
    train,
    trainSpark,
    resume,
    cancel: (runId) => supervisor.cancel(runId),
    tune: (req) => studies.start(req),
    resumeStudy: (id) => studies.resume(id),
    cancelStudy: (id) => studies.cancel(id),
    samplePath,
    close: () => {
      for (const c of imports.values()) c.abort();
      batches.jobs.cancelAll();
      cancelAnnBuilds();
      for (const p of projections.values()) p?.cancel();
      studies.stopAll();
      supervisor.stopAll();
      db.close();
    },
  };
}

/** First start: a project with the bundled sample imported and one run trained, so there is something to see. */
export async function ensureSampleProject(services: Services): Promise<void> {
  if (listDatasets(services.db).length > 0) return;
  await services.handlers['datasets:import']({ path: services.samplePath, name: 'sample' });
  await services.train({ dataset: 'sample', dim: 32, epochs: 20 }).settled;
}
