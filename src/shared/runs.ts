// Runs: the backends, stored runs, their results, and the events of a running run.
import type { ApiError, ErrorCode } from './errors';
import type { SplitName } from './datasets';
import type { SparkMaster, SparkRunReport } from './spark';
import type { VectorFileFormat } from './tables';
import type { EngineName, InitCoverage, ModelName, TrainConfig } from './training';

/**
 * The TensorFlow.js backend a tfjs run trained on, in the order they are tried; `cpu-engine` is what a run of
 * the CPU engine (no TensorFlow.js at all) reports.
 */
export const BACKENDS = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
/** A Spark run's backend is the master it ran on (`local[2]`, `yarn`, `spark://host:7077` …). */
export type RunBackend = BackendName | 'cpu-engine' | SparkMaster;

/** Metric name → value for one split: `rmse`, `mae`, `recall@10`, `ndcg@10`, `map@10`, `hitrate@10`, `coverage`. */
export type SplitMetrics = Record<string, number>;

export interface EpochMetrics {
  epoch: number;
  /** Mean training loss per example (regularised MSE, BPR/WARP loss, or binary cross-entropy per pair). */
  loss: number;
  train: SplitMetrics;
  valid: SplitMetrics;
  test: SplitMetrics;
  seconds: number;
  /** Of `seconds`, the training step alone (the rest is evaluation); absent in runs stored before it was kept. */
  trainSeconds?: number;
  /** Learning rate at the end of the epoch. */
  lr?: number;
}

/** `interrupted`: the process that trained it stopped (killed, crashed, machine off); it can be resumed. */
export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunSummary {
  id: number;
  datasetId: number;
  dataset: string;
  /** `imported`: a table read from a word2vec/GloVe file (`tables:import`), not trained. */
  model: RunModel;
  engine: EngineName;
  /** The backend the run trained on (`cpu-engine` for the CPU engine); null until the process reports it. */
  backend?: RunBackend | null;
  status: RunStatus;
  config: TrainConfig | ImportedConfig;
  createdAt: string;
  bestEpoch: number | null;
  error: string | null;
  /** What kind of error (`TrainingDiverged`, `Cancelled`, `RunFailed` …); for runs stored before v5, by status. */
  errorCode: ErrorCode | null;
  /**
   * A run that stopped (or is running): the epoch whose tables it stored last, which it can be explored with,
   * resumed from (`runs:resume`) and used as an init source from; null once completed.
   */
  checkpointEpoch: number | null;
  /** The user's name for the run, their note and tags ('datasets:update'/'runs:update'); absent when none. */
  name?: string;
  note?: string;
  tags?: string[];
}

export type RunModel = ModelName | 'imported';

/** The "config" of an imported table: where it came from (it was read from a file, not trained). */
export interface ImportedConfig {
  model: 'imported';
  dim: number;
  epochs: 0;
  source: { path: string; format: VectorFileFormat; fileRows: number; duplicateKeys: number };
}

export interface RunDetail extends RunSummary {
  epochs: EpochMetrics[];
  tables: { name: string; rows: number; dim: number }[];
  result: TrainResult | null;
}

/**
 * A validation split a run carved out of the training rows because its dataset had none (the dataset is
 * unchanged): of each user with at least `minRows` training rows, a `share` of them drawn with `seed`. The same
 * dataset, share and seed carve the same rows.
 */
export interface CarvedValidation {
  /** Rows moved from train to valid for this run, and the users they came from. */
  rows: number;
  users: number;
  share: number;
  seed: number;
  /** Users with fewer training rows keep them all (one held-out row would be too large a part of them). */
  minRows: number;
  /** Why, in one sentence (`the dataset has no validation rows: …`). */
  reason: string;
}

/** What a finished run reports: its best epoch's metrics, baselines, and the engine and backend that trained it. */
export interface RunOutcome {
  model: ModelName;
  engine: EngineName;
  /** The TensorFlow.js backend used, or `cpu-engine`. */
  backend: RunBackend;
  /**
   * Why the engine and backend are these (`auto` without a GPU, backends skipped and why) and options the engine
   * ignored (`threads` on tfjs). Absent when there is nothing to say.
   */
  engineNotes?: string[];
  /** Metrics of the best epoch. */
  metrics: Record<SplitName, SplitMetrics>;
  /** mf: `globalMean`, `biasOnly`; implicit: `popularity`; classifier: `majority`. */
  baselines: Record<string, Record<SplitName, SplitMetrics>>;
  bestEpoch: number;
  /** Epochs trained (fewer than asked when patience stopped the run). */
  epochs: number;
  seconds: number;
  /** Tables initialised from pre-trained vectors (`config.init`), with the share of rows each source covered. */
  init?: Record<string, InitCoverage>;
  /** Present when the validation split was carved from train for this run (`holdout`); its metrics are `valid`. */
  carvedValidation?: CarvedValidation;
  /** A Spark run: the Spark that ran it and where the time went (the exchange apart from the job). */
  spark?: SparkRunReport;
  /**
   * Held-out rows left out of the metrics because their user or item had no training interaction (mf: ratings;
   * implicit: positives, and those of users with no training positive): their vectors are random starts.
   */
  cold?: Partial<Record<SplitName, number>>;
}

/** A run's stored result; `backend` is absent only in results stored before it was recorded. */
export interface TrainResult extends Omit<RunOutcome, 'backend'> {
  type: 'result';
  runId: number;
  backend?: RunBackend;
}

/** Where a run is within an epoch, about once a second: how far, how fast, how long still (the whole run). */
export interface TrainingProgress {
  epoch: number;
  /** 0–1 of the epoch's examples. */
  fraction: number;
  examplesPerSecond: number;
  etaSeconds: number | null;
  /** What the run is doing where the epoch alone does not say it (a Spark run: starting, reading, writing). */
  note?: string;
}

/** Progress of a run, in the order a run emits them. */
export type RunEvent =
  | { type: 'started'; runId: number; epochs: number }
  | { type: 'epoch'; runId: number; metrics: EpochMetrics; examplesPerSecond: number }
  | ({ type: 'progress'; runId: number } & TrainingProgress)
  | { type: 'finished'; runId: number; result: TrainResult }
  /** `error.code` says why: `Cancelled`, `TrainingDiverged`, `RunFailed` … (the UI acts on it). */
  | { type: 'failed'; runId: number; status: 'failed' | 'cancelled'; error: ApiError };

/** A classifier run's predicted probabilities per sequence, written as CSV (`ewb predict`). */
export const PREDICT_SPLITS = ['train', 'valid', 'test', 'all'] as const;
export type PredictSplit = (typeof PREDICT_SPLITS)[number];

export interface PredictRequest {
  runId: number;
  /** Default test. */
  split?: PredictSplit;
  /** The CSV to write: seq,key,split,label,predicted,p_<label>…. */
  out: string;
  /** Replace `out` if it exists (the CLI's --force); an earlier file is never overwritten otherwise. */
  overwrite?: boolean;
}

export interface PredictResult {
  type: 'result';
  runId: number;
  split: PredictSplit;
  out: string;
  rows: number;
  labelled: number;
  classes: string[];
  /** The same metrics as training reports, over the labelled rows written; null when none is labelled. */
  metrics: { loss: number; accuracy: number; auc?: number } | null;
}

/** Why a run cannot be resumed (`runs:resume`), or null when it can: the service and the run list both ask. */
export function resumeProblem(
  run: Pick<RunSummary, 'id' | 'status' | 'model' | 'engine' | 'checkpointEpoch'>,
): string | null {
  if (run.status !== 'cancelled' && run.status !== 'interrupted' && run.status !== 'failed')
    return `run ${run.id} is ${run.status}; only a cancelled, interrupted or failed run can be resumed`;
  if (run.model === 'imported') return `run ${run.id} is an imported table, not a training run`;
  if (run.engine === 'spark')
    return `run ${run.id} trained on Spark, which keeps no tables between iterations; train it again (ewb spark train)`;
  if (run.model === 'classifier' || run.model === 'tabular')
    return `run ${run.id} is a ${run.model} model: only its embeddings are stored after an epoch, not the layers on top; train it again, starting from those embeddings (init)`;
  if (run.checkpointEpoch === null)
    return `run ${run.id} stored no tables of a finished epoch (it stopped in its first one); train it again`;
  return null;
}
