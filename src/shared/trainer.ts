// The boundary between the supervisor (main or serve) and a training process: one run per process.
import type { ApiError } from './errors';
import type { EngineName, EpochMetrics, InitCoverage, RunBackend, SplitMetrics, SplitName, TrainConfig } from './types';

export interface TrainerStart {
  type: 'start';
  dbPath: string;
  runId: number;
  datasetId: number;
  config: TrainConfig;
  /** Predictions are clamped to the dataset's rating scale. */
  ratingMin: number;
  ratingMax: number;
}

/** A finished table, sent back as typed arrays (structured clone) for the supervisor to write. */
export interface TableTransfer {
  name: string;
  role: string;
  rows: number;
  dim: number;
  data: Float32Array;
  bias: Float32Array | null;
}

export interface TrainerOutcome {
  model: TrainConfig['model'];
  metrics: Record<SplitName, SplitMetrics>;
  baselines: Record<string, Record<SplitName, SplitMetrics>>;
  bestEpoch: number;
  epochs: number;
  seconds: number;
  /** Coverage of the tables initialised from pre-trained vectors (config.init). */
  init?: Record<string, InitCoverage>;
}

/** What the process reports at the end: the outcome and the engine and backend that produced it. */
export interface TrainerDone extends TrainerOutcome {
  engine: EngineName;
  backend: RunBackend;
  engineNotes?: string[];
}

export type TrainerMessage =
  | { type: 'epoch'; metrics: EpochMetrics; examplesPerSecond: number }
  | { type: 'progress'; epoch: number; fraction: number; examplesPerSecond: number; etaSeconds: number | null }
  /** The tables as they are after an epoch, so that a crash loses at most one epoch. */
  | { type: 'checkpoint'; epoch: number; tables: TableTransfer[] }
  /** Sent once, before the first epoch: the engine `auto` resolved to and the backend it got (and why). */
  | { type: 'engine'; engine: EngineName; backend: RunBackend; reasons: string[] }
  | { type: 'done'; outcome: TrainerDone; tables: TableTransfer[] }
  | { type: 'error'; error: ApiError };
