// Comparing runs: configs, metrics, curves, and the stability of two runs' neighbours.
import type { SplitName } from './datasets';
import type { EpochMetrics, RunStatus, RunSummary, SplitMetrics } from './runs';

export interface CompareRequest {
  runIds: number[];
  /** The table whose stability is measured (default: items, words, events or users, the first both runs have). */
  table?: string;
  /** Sample rows whose top-10 neighbours are compared (default 500; seeded). */
  sample?: number;
  seed?: number;
}

export interface ComparedRun {
  id: number;
  dataset: string;
  datasetId: number;
  /** As in RunSummary: `imported` tables (word2vec/GloVe files) can be compared too. */
  model: RunSummary['model'];
  status: RunStatus;
  config: RunSummary['config'];
  bestEpoch: number | null;
  /** The best epoch's metrics per split (empty splits for a run without a result). */
  metrics: Record<SplitName, SplitMetrics>;
  epochs: EpochMetrics[];
  seconds: number | null;
}

/** One row of the metrics table: a split's metric for every run (null where a run lacks it). */
export interface ComparedMetric {
  split: SplitName;
  name: string;
  values: (number | null)[];
  lowerIsBetter: boolean;
  /** Index (into `runs`) of the best value, or null when fewer than two runs have it. */
  best: number | null;
}

export interface StabilityReport {
  table: string;
  rows: number;
  dims: [number, number];
  /** Cosine top-10 neighbours of `sample` seeded rows in both runs: mean and quartiles of |A ∩ B| / 10. */
  k: number;
  sample: number;
  seed: number;
  overlap: { mean: number; min: number; p25: number; median: number; p75: number; max: number };
  /**
   * Rows the sample, the neighbours and Procrustes are drawn from: trained in both runs with at least the
   * default minimum support (DEFAULT_MIN_COUNT); rows never trained are random in both and say nothing.
   */
  rowsCompared?: number;
  /** The overlap two unrelated tables would have by chance: k / (rows compared − 1). */
  chanceOverlap: number;
  /**
   * The overlap by how often rows occur (rows are ordered by count): the most frequent 10% of rows, the next
   * 40% and the rarest half, each on its own seeded sample. Rare rows barely move in training and their
   * neighbours are noise, so the mean over all rows says little until it is split.
   */
  bands?: FrequencyBand[];
  /**
   * Orthogonal Procrustes: B aligned to A by the rotation minimising ‖A R − B‖_F over all id rows; null when the
   * dims differ. Relative error ‖A R − B‖_F / ‖B‖_F (0 = same up to rotation, ~√2 = unrelated).
   */
  procrustes: {
    rows: number;
    meanRowDistance: number;
    relativeError: number;
    unalignedMeanRowDistance: number;
    unalignedRelativeError: number;
    /** Mean row norm of each table, to read the distances against. */
    meanNorms: [number, number];
  } | null;
}

export interface FrequencyBand {
  name: 'frequent' | 'middle' | 'rare';
  /** Rows of the band (by rank, 0 = the most frequent), their training counts, the rows sampled. */
  rows: number;
  minCount: number;
  maxCount: number;
  sample: number;
  mean: number;
  median: number;
}

export interface CompareResult {
  type: 'result';
  runs: ComparedRun[];
  /** Config keys whose values differ between runs (one value per run; null where unset). */
  configDiff: { key: string; values: (string | number | null)[] }[];
  metrics: ComparedMetric[];
  stability: StabilityReport | null;
  /** Why there is no stability report (more than two runs, other datasets, no shared table …). */
  stabilityNote: string | null;
}
