// The product's services behind the contract: one object of handlers that Electron main, the HTTP server
// and the CLI all call. It owns the database connection (the one writer) and the run supervisor.
import { dirname, join } from 'node:path';
import type { AppInfo, EventSink, Handlers, TrainRequest, TrainResult } from '../shared';
import { WorkbenchError } from '../shared';
import { resolveTrainConfig } from './config';
import { exportProjector } from './export/projector';
import { cosineNeighbors } from './explore/neighbors';
import { importDataset } from './ingest/importDataset';
import { previewFile } from './ingest/preview';
import { getDatasetByName, listDatasets, loadVocabulary, lookupIndex, searchKeys } from './store/datasets';
import { openDb, type Db } from './store/db';
import { createRun, getRun, listRuns, loadTable, tableRole } from './store/runs';
import { RunSupervisor, type SpawnTrainer } from './train/supervisor';

export interface ServicesOptions {
  dbPath: string;
  /** The folder holding `sample/` (the bundled sample data). */
  resourcesDir: string;
  mode: AppInfo['mode'];
  version: string;
  spawnTrainer: SpawnTrainer;
  emit: EventSink;
}

export interface Services {
  handlers: Handlers;
  db: Db;
  /** Starts a run and also gives the promise of its stored result (the CLI waits on it). */
  train(req: TrainRequest): { runId: number; settled: Promise<TrainResult> };
  samplePath: string;
  close(): void;
}

const KEY_LIMIT = 1000;

export function createServices(opts: ServicesOptions): Services {
  const db = openDb(opts.dbPath);
  const supervisor = new RunSupervisor(db, opts.dbPath, opts.spawnTrainer, opts.emit);
  const samplePath = join(opts.resourcesDir, 'sample', 'ratings.csv');

  const imports = new Map<string, AbortController>();

  const train = (req: TrainRequest): { runId: number; settled: Promise<TrainResult> } => {
    if (!req || typeof req.dataset !== 'string') throw new WorkbenchError('BadRequest', 'name the dataset to train on');
    const dataset = getDatasetByName(db, req.dataset);
    if (dataset.kind !== 'interactions' || !dataset.mapping.rating) {
      throw new WorkbenchError(
        'BadRequest',
        `dataset "${dataset.name}" has no ratings; mf trains on explicit ratings (map a rating column)`,
      );
    }
    const config = resolveTrainConfig(req);
    const runId = createRun(db, dataset.id, config);
    return { runId, settled: supervisor.start(runId, dataset.id, config, dataset.ratingMin, dataset.ratingMax) };
  };

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
        return await importDataset(db, req, {
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
    'runs:cancel': async (req) => ({ cancelled: supervisor.cancel(req.runId) }),
    'embeddings:keys': async (req) => {
      const { datasetId } = getRun(db, req.runId);
      return searchKeys(
        db,
        datasetId,
        tableRole(db, req.runId, req.table),
        req.query ?? '',
        Math.min(req.limit ?? 50, KEY_LIMIT),
      );
    },
    'embeddings:neighbors': async (req) => {
      const run = getRun(db, req.runId);
      const table = loadTable(db, req.runId, req.table);
      const k = req.k ?? 10;
      if (!Number.isInteger(k) || k < 1)
        throw new WorkbenchError('BadRequest', `k must be a whole number ≥ 1 (got ${k})`);
      const row = lookupIndex(db, run.datasetId, table.role, req.key);
      const vocab = loadVocabulary(db, run.datasetId, table.role);
      const byIdx = new Map(vocab.map((v) => [v.idx, v]));
      const neighbors = cosineNeighbors(table, row, k).map((n) => {
        const v = byIdx.get(n.row);
        return { key: v?.key ?? String(n.row), title: v?.title ?? null, score: n.score };
      });
      return { type: 'result', key: req.key, metric: 'cosine', neighbors };
    },
    'embeddings:export': async (req) => {
      if (req.format !== 'projector')
        throw new WorkbenchError('BadRequest', `export format "${req.format}" is not available yet; use projector`);
      const { datasetId } = getRun(db, req.runId);
      const table = loadTable(db, req.runId, req.table);
      const outDir = req.outDir ?? join(dirname(opts.dbPath), 'exports', `run-${req.runId}`);
      return exportProjector(table, loadVocabulary(db, datasetId, table.role), outDir);
    },
  };

  return {
    handlers,
    db,
    train,
    samplePath,
    close: () => {
      for (const c of imports.values()) c.abort();
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
