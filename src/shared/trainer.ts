// The boundary between the supervisor (main, serve or the CLI) and a training process or thread: one run each.
import type { ApiError } from './errors';
import type { EpochMetrics, RunBackend, RunOutcome, TrainingProgress } from './runs';
import type { SparkOptions } from './spark';
import type { EngineName, TrainConfig, TrainRequest } from './training';

export interface TrainerStart {
  type: 'start';
  dbPath: string;
  /** The folder the process writes its tables to (TablesFile), the supervisor's for this run, removed at its end. */
  tablesDir: string;
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

/** A table's vectors alone, rows × dim row-major (a run's table, a sample of its rows, or a map's input). */
export type VectorTable = Pick<TableTransfer, 'rows' | 'dim' | 'data'>;

/** A table of a `TablesFile`: its arrays lie in the file one after the other (data, then bias and counts if any). */
export type TableHeader = Omit<TableTransfer, 'data' | 'bias' | 'counts'> & { bias: boolean; counts: boolean };

/**
 * Tables on their way from a training process to the supervisor: written to a file (in TrainerStart.tablesDir)
 * by the one, read and deleted by the other (core/train/tablesFile.ts). A message would hold three or four copies of them at once in
 * the receiving process (the pipe's chunks, their concatenation, the deserialised arrays): 350 MB for word2vec's
 * 54 MB on 17M words of text.
 */
export interface TablesFile {
  path: string;
  tables: TableHeader[];
}

/**
 * Tables as a transport carries them: a file from a training process, the arrays themselves from a training
 * thread of the supervisor's own process (arrays on shared memory are shared, not copied: a checkpoint's then
 * stay unchanged until the supervisor answers `stored`).
 */
export type TablesSent = TablesFile | TableTransfer[];

/** The supervisor to a training thread: the checkpoint of `epoch` is stored, so its arrays may change again. */
export interface TrainerStored {
  type: 'stored';
  epoch: number;
}

export type TrainerMessage =
  | { type: 'epoch'; metrics: EpochMetrics; examplesPerSecond: number }
  | ({ type: 'progress' } & TrainingProgress)
  /** The tables as they are after an epoch, so that a crash loses at most one epoch. */
  | { type: 'checkpoint'; epoch: number; tables: TablesSent }
  /** Sent once, before the first epoch: the engine `auto` resolved to and the backend it got (and why). */
  | { type: 'engine'; engine: EngineName; backend: RunBackend; reasons: string[] }
  | { type: 'done'; outcome: RunOutcome; tables: TablesSent }
  | { type: 'error'; error: ApiError };
