// Starting runs: a new one from a request (resolved by the training rules, checked against its dataset and its
// pre-trained sources), a run on Spark, or a stopped one resumed from the tables it stored after its last
// finished epoch.
import type { SparkTrainRequest, TrainConfig, TrainRequest, TrainResult } from '../shared';
import { MODEL_RULES, MODELS, resumeProblem, unavailableReason, WorkbenchError } from '../shared';
import { resolveTrainConfig } from './config';
import { sparkRunConfig } from './spark/sparkStart';
import { getDatasetById, getDatasetByName } from './store/datasets';
import type { Db } from './store/db';
import { clearEpochsAfter, createRun, getRun } from './store/runs';
import { initDim, resolveInit, tablesOf } from './train/initTables';
import type { RunSupervisor } from './train/supervisor';

export interface RunStart {
  runId: number;
  /** Resolves with the stored result, or rejects with why the run did not complete. */
  settled: Promise<TrainResult>;
}

/** `sparkJob`: resources/spark/ewb_spark.py where spark-submit can read it (outside an asar archive). */
export function runStarts(db: Db, supervisor: RunSupervisor, sparkJob: string) {
  const train = (req: TrainRequest): RunStart => {
    if (!req || typeof req.dataset !== 'string') throw new WorkbenchError('BadRequest', 'name the dataset to train on');
    const dataset = getDatasetByName(db, req.dataset);
    // With pre-trained tables and no dim asked for, the run takes the dim of its first source (a tabular model's
    // tables take each its own source's dim instead).
    const model = MODELS.find((m) => m === (req.model ?? 'mf'));
    const sourceDim = req.init && req.dim === undefined && !(model && MODEL_RULES[model].initKeepsSourceDim);
    const config = resolveTrainConfig(sourceDim ? { ...req, dim: initDim(db, req.init) } : req);
    const why = unavailableReason(config.model, dataset);
    if (why) throw new WorkbenchError('BadRequest', `dataset "${dataset.name}": ${config.model} ${why}`);
    if (config.model === 'tabular' && config.columnDims) {
      const tables = Object.keys(tablesOf(db, config.model, dataset.id));
      const unknown = Object.keys(config.columnDims).filter((name) => !tables.includes(name));
      if (unknown.length)
        throw new WorkbenchError(
          'BadRequest',
          `columnDims names ${unknown.join(', ')}, not a category column of dataset "${dataset.name}" (${tables.join(', ')})`,
        );
    }
    if ('features' in config && config.features !== 'none') {
      const missing = (['item', 'user'] as const).filter(
        (o) =>
          (config.features === 'both' || config.features === `${o}s`) &&
          !(o === 'item' ? dataset.itemFeatures : dataset.userFeatures),
      );
      if (missing.length)
        throw new WorkbenchError(
          'BadRequest',
          `dataset "${dataset.name}" has no ${missing.join(' or ')} features; import it with --items (genres) or --features ${missing[0]}=FILE:KEY:COLUMN (docs/features.md)`,
        );
    }
    const init = resolveInit(db, config, dataset.id);
    if (init) config.init = init;
    const runId = createRun(db, dataset.id, config);
    const { ratingMin, ratingMax } = dataset;
    return { runId, settled: supervisor.start({ runId, datasetId: dataset.id, config, ratingMin, ratingMax }) };
  };

  /** A run on Spark (docs/spark.md): checked in full first (sparkRunConfig), then created with engine `spark`. */
  const trainSpark = (req: SparkTrainRequest): RunStart => {
    if (!req?.train || typeof req.train.dataset !== 'string')
      throw new WorkbenchError('BadRequest', 'name the dataset to train on');
    const dataset = getDatasetByName(db, req.train.dataset);
    const config = sparkRunConfig(req.train, req.spark);
    const why = unavailableReason(config.model, dataset);
    if (why) throw new WorkbenchError('BadRequest', `dataset "${dataset.name}": ${config.model} ${why}`);
    const runId = createRun(db, dataset.id, config, 'spark');
    const { ratingMin, ratingMax } = dataset;
    const spark = { request: req.train, options: req.spark, jobFile: sparkJob };
    return { runId, settled: supervisor.start({ runId, datasetId: dataset.id, config, ratingMin, ratingMax, spark }) };
  };

  const resume = (runId: number): RunStart => {
    const run = getRun(db, runId);
    const problem = resumeProblem(run);
    if (problem) throw new WorkbenchError('BadRequest', problem);
    const epoch = run.checkpointEpoch!;
    const metrics = run.epochs.find((e) => e.epoch === epoch);
    if (!metrics)
      throw new WorkbenchError('BadRequest', `run ${runId} has no metrics of epoch ${epoch}; train it again`);
    const dataset = getDatasetById(db, run.datasetId);
    // The stored config, with anything added to the rules since filled in from their defaults.
    // (resumeProblem refused imported tables, so the stored config is a trained model's.)
    const config = resolveTrainConfig({ ...(run.config as TrainConfig), dataset: dataset.name });
    clearEpochsAfter(db, runId, epoch);
    const { ratingMin, ratingMax } = dataset;
    const settled = supervisor.start({
      runId,
      datasetId: dataset.id,
      config,
      ratingMin,
      ratingMax,
      resume: { epoch, metrics },
    });
    return { runId, settled };
  };

  return { train, trainSpark, resume };
}
