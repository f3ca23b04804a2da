// The boundary between the supervisor (main or serve) and a training process: one run per process.
import type { ApiError } from './errors';
import type { EpochMetrics, RunBackend, RunOutcome, TrainingProgress } from './runs';
import type { SparkOptions } from './spark';
import type { EngineName, TrainConfig, TrainRequest } from './training';

export interface TrainerStart {
  type: 'start';
  dbPath: string;
  runId: number;
  datasetId: number;
  config: TrainConfig;
  /** Predictions are clamped to the dataset's rating scale. */
  ratingMin: number;
  ratingMax: number;
  /** Continue a run from the tables it stored after `epoch` (its checkpoint), whose metrics these were. */
  resume?: { epoch: number; metrics: EpochMetrics };
  /** Train on Spark instead of the run loop (core/train/sparkRun.ts): where, and the job file the app ships. */
  spark?: { request: TrainRequest; options: SparkOptions; jobFile: string };
}

/** A table as it is stored and as it crosses the process boundary: rows × dim float32, biases beside. */
export interface TableTransfer {
  name: string;
  role: string;
  rows: number;
  dim: number;
  data: Float32Array;
  bias: Float32Array | null;
  /**
   * The training support of each row (length `rows`): training interactions (mf, implicit, after thresholds),
   * occurrences in the training corpus after the training min-count (word2vec), tokens of labelled training
   * sequences (classifier). 0: the row was never trained and its vector is its random start. Null or absent:
   * unknown (imported tables; runs stored before it was recorded).
   */
  counts?: Int32Array | null;
}

export type TrainerMessage =
  | { type: 'epoch'; metrics: EpochMetrics; examplesPerSecond: number }
  | ({ type: 'progress' } & TrainingProgress)
  /** The tables as they are after an epoch, so that a crash loses at most one epoch. */
  | { type: 'checkpoint'; epoch: number; tables: TableTransfer[] }
  /** Sent once, before the first epoch: the engine `auto` resolved to and the backend it got (and why). */
  | { type: 'engine'; engine: EngineName; backend: RunBackend; reasons: string[] }
  | { type: 'done'; outcome: RunOutcome; tables: TableTransfer[] }
  | { type: 'error'; error: ApiError };
