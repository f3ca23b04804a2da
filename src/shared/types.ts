// The data that crosses boundaries: requests, responses and events. Pure types, no runtime imports.

export type Role = 'user' | 'item' | 'rating' | 'timestamp' | 'split' | 'title' | 'genres';
export const ROLES: readonly Role[] = ['user', 'item', 'rating', 'timestamp', 'split', 'title', 'genres'];
/** Roles an import cannot do without. */
export const REQUIRED_ROLES: readonly Role[] = ['user', 'item', 'rating'];

export type FileFormat = 'csv' | 'tsv' | 'movielens';
export type FormatChoice = 'auto' | FileFormat;
export type Mapping = Partial<Record<Role, string>>;
export type SplitName = 'train' | 'valid' | 'test';
export const SPLITS: readonly SplitName[] = ['train', 'valid', 'test'];

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  dbPath: string;
  /** Absolute path of the bundled sample ratings file. */
  samplePath: string;
}

export interface PreviewRequest {
  path: string;
  format?: FormatChoice;
}

export interface FilePreview {
  path: string;
  format: FileFormat;
  delimiter: string;
  hasHeader: boolean;
  /** Column names; positional names (`column1` …) when the file has no header. */
  columns: string[];
  /** The first rows as text, for the mapping table. */
  rows: string[][];
  /** Roles guessed from the column names and the format; the user may change every one. */
  suggestedMapping: Mapping;
}

export interface ImportRequest {
  path: string;
  /** Dataset name; defaults to the file's base name. */
  name?: string;
  format?: FormatChoice;
  /** Role → column name. Missing: the suggestion from the preview. */
  mapping?: Mapping;
  /** Seed of the random 80/10/10 split used when no `split` column is mapped. */
  seed?: number;
}

export interface VocabularySize {
  /** Real ids, without PAD and OOV. */
  size: number;
}

export interface ImportResult {
  type: 'result';
  datasetId: number;
  dataset: string;
  rows: { read: number; imported: number; rejected: number };
  /** The first rejected rows with their 1-based line numbers. */
  rejects: { line: number; reason: string }[];
  vocabularies: { user: VocabularySize; item: VocabularySize };
  splits: Record<SplitName, number>;
  seconds: number;
}

export interface DatasetSummary {
  id: number;
  name: string;
  sourcePath: string;
  format: FileFormat;
  mapping: Mapping;
  rows: number;
  users: number;
  items: number;
  ratingMin: number;
  ratingMax: number;
  createdAt: string;
}

export type ModelName = 'mf';
export type EngineName = 'cpu';

export interface TrainConfig {
  model: ModelName;
  dim: number;
  epochs: number;
  /** SGD learning rate. */
  lr: number;
  /** L2 on factors. */
  reg: number;
  /** L2 on biases. */
  regBias: number;
  seed: number;
  /** Worker threads sharing the tables (Hogwild); 1 is bit-for-bit reproducible with a seed. */
  threads: number;
}

export interface TrainRequest extends Partial<TrainConfig> {
  dataset: string;
}

export type SplitMetrics = { rmse: number; mae: number };

export interface EpochMetrics {
  epoch: number;
  /** Mean regularised loss per training example. */
  loss: number;
  train: SplitMetrics;
  valid: SplitMetrics;
  test: SplitMetrics;
  seconds: number;
}

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface RunSummary {
  id: number;
  datasetId: number;
  dataset: string;
  model: ModelName;
  engine: EngineName;
  status: RunStatus;
  config: TrainConfig;
  createdAt: string;
  bestEpoch: number | null;
  error: string | null;
}

export interface RunDetail extends RunSummary {
  epochs: EpochMetrics[];
  tables: { name: string; rows: number; dim: number }[];
  result: TrainResult | null;
}

export interface TrainResult {
  type: 'result';
  runId: number;
  engine: EngineName;
  metrics: Record<SplitName, SplitMetrics>;
  baselines: { globalMean: Record<SplitName, SplitMetrics> };
  bestEpoch: number;
  epochs: number;
  seconds: number;
}

/** Progress of a run, in the order a run emits them. */
export type RunEvent =
  | { type: 'started'; runId: number; epochs: number }
  | { type: 'epoch'; runId: number; metrics: EpochMetrics; examplesPerSecond: number }
  | { type: 'finished'; runId: number; result: TrainResult }
  | { type: 'failed'; runId: number; status: 'failed' | 'cancelled'; error: string };

export interface KeysRequest {
  runId: number;
  table: string;
  /** Case-insensitive substring of the key or title. */
  query?: string;
  limit?: number;
}

export interface KeyRow {
  key: string;
  title: string | null;
  count: number;
}

export type Metric = 'cosine';

export interface NeighborsRequest {
  runId: number;
  table: string;
  key: string;
  k?: number;
}

export interface Neighbor {
  key: string;
  title: string | null;
  score: number;
}

export interface NeighborsResult {
  type: 'result';
  key: string;
  metric: Metric;
  neighbors: Neighbor[];
}

export type ExportFormat = 'projector';

export interface ExportRequest {
  runId: number;
  table: string;
  format: ExportFormat;
  /** Output directory; created if missing. Default: `exports/run-<id>` beside the database. */
  outDir?: string;
}

export interface ExportResult {
  type: 'result';
  files: string[];
  rows: number;
  dim: number;
}
