// The boundary between the supervisor (main or serve) and a training process: one run per process.
import type { ApiError } from './errors';
import type { EpochMetrics, SplitMetrics, SplitName, TrainConfig } from './types';

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
}

export type TrainerMessage =
  | { type: 'epoch'; metrics: EpochMetrics; examplesPerSecond: number }
  | { type: 'progress'; epoch: number; fraction: number; examplesPerSecond: number; etaSeconds: number | null }
  /** The tables as they are after an epoch, so that a crash loses at most one epoch. */
  | { type: 'checkpoint'; epoch: number; tables: TableTransfer[] }
  | { type: 'done'; outcome: TrainerOutcome; tables: TableTransfer[] }
  | { type: 'error'; error: ApiError };
