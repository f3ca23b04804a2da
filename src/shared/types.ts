// The data that crosses boundaries: requests, responses and events. Pure types, no runtime imports.
import type { DatasetKind } from './mapping';

/**
 * What a column means. Categorical roles (user, item, event, label) get vocabularies; `text` is tokenised into
 * words; `title` and `genres` are item metadata (`genres` is multi-valued, `|`-separated).
 */
export type Role =
  | 'user'
  | 'item'
  | 'rating'
  | 'weight'
  | 'timestamp'
  | 'session'
  | 'event'
  | 'text'
  | 'label'
  | 'split'
  | 'title'
  | 'genres';
export const ROLES: readonly Role[] = [
  'user',
  'item',
  'rating',
  'weight',
  'timestamp',
  'session',
  'event',
  'text',
  'label',
  'split',
  'title',
  'genres',
];

export type FileFormat = 'csv' | 'tsv' | 'movielens' | 'delimited' | 'jsonl' | 'text';
export type FormatChoice = 'auto' | FileFormat;
/**
 * Role → column. `event` may name several columns, combined into one token: the first column's value, then
 * `:column=value` pairs for the rest joined by `,` (`view:page_type=home`).
 */
export type Mapping = { [R in Role]?: R extends 'event' ? string | string[] : string };
export type SplitName = 'train' | 'valid' | 'test';
export const SPLITS: readonly SplitName[] = ['train', 'valid', 'test'];
export type Encoding = 'utf8' | 'latin1';

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  dbPath: string;
  /** Absolute path of the bundled sample ratings file. */
  samplePath: string;
}

/** How to read a file; anything left out is sniffed. */
export interface ReadOptions {
  format?: FormatChoice;
  /** One character for delimited text (`,` `\t` `;` `|` …); `::` for MovieLens ratings.dat. */
  delimiter?: string;
  hasHeader?: boolean;
  /** Files that are not valid UTF-8 are refused unless `latin1` is asked for. */
  encoding?: Encoding;
}

export interface PreviewRequest extends ReadOptions {
  path: string;
}

export interface FilePreview {
  path: string;
  format: FileFormat;
  delimiter: string;
  hasHeader: boolean;
  gzip: boolean;
  /** Column names; positional names (`column1` …) when the file has no header. */
  columns: string[];
  /** The first rows as text, for the mapping table. */
  rows: string[][];
  /** Roles guessed from the column names and values; the user may change every one. */
  suggestedMapping: Mapping;
  /** Rating scale guessed from the rating column's values, when one is suggested. */
  ratingScale: { min: number; max: number } | null;
}

/** Train/valid/test assignment. Fractions are of rows (random), of each user's last rows, or of time (chrono). */
export type SplitSpec =
  | { kind: 'random'; valid?: number; test?: number }
  /** Per user, by time: the last `n` rows to test and the `n` before to valid. */
  | { kind: 'leaveLast'; n?: number }
  /** A global time cut: the last `test` fraction of the time span to test, the `valid` before it to valid. */
  | { kind: 'chrono'; valid?: number; test?: number }
  /** The file's own `split` column (train / valid / test). */
  | { kind: 'column' };

export type DuplicatePolicy = 'keep' | 'last' | 'average';

export interface VocabularyCut {
  /** Ids seen fewer times go to OOV. */
  minCount?: number;
  /** At most this many real ids (most frequent first); the rest go to OOV. */
  maxSize?: number;
}

/**
 * Keras `Tokenizer` semantics: lower-case, replace each filter character by a space, split on whitespace.
 * `numWords` counts index 0 as Keras does: indices ≥ numWords become OOV, so numWords − 2 real words survive.
 */
export interface TokenizerOptions {
  lower?: boolean;
  filters?: string;
  numWords?: number;
}

/** A file of item (or user) metadata joined by key: its key column and the role of other columns. */
export interface MetadataFile extends ReadOptions {
  path: string;
  /** Column holding the key (default: the first column whose name matches the role). */
  key?: string;
  title?: string;
  genres?: string;
}

export interface ImportRequest extends ReadOptions {
  path: string;
  /** Dataset name; defaults to the file's base name. */
  name?: string;
  /** Role → column. When given it is the whole mapping; when absent the suggestion from the preview is used. */
  mapping?: Mapping;
  /** Seed of random splits (default 42). */
  seed?: number;
  /** Default: the `split` column when mapped, else random 80/10/10. */
  split?: SplitSpec;
  /** What to do with repeated (user, item) pairs (default `keep`). */
  duplicates?: DuplicatePolicy;
  /** Vocabulary cut-offs per categorical role. */
  vocab?: Partial<Record<'user' | 'item' | 'event' | 'word', VocabularyCut>>;
  tokenizer?: TokenizerOptions;
  /** Text documents longer than this become several sequences (gensim's 10,000). */
  maxSequenceLength?: number;
  /** Without a session column: a user's rows ordered by time, cut where the gap exceeds this (default 30). */
  sessionGapMinutes?: number;
  items?: MetadataFile;
  users?: MetadataFile;
  /** Names this import in `imports:progress` events and for `datasets:cancelImport`. */
  importId?: string;
}

export interface VocabularyReport {
  /** Real ids kept, without PAD and OOV. */
  size: number;
  /** Distinct ids sent to OOV by the cut-offs, and the rows (or tokens) they held. */
  oovIds: number;
  oovRows: number;
}

/** Quantiles of a count distribution (interactions per user or per item): the long tail at a glance. */
export interface CountSummary {
  min: number;
  p25: number;
  median: number;
  p75: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface QualityReport {
  users: number;
  items: number;
  /** Interactions / (users × items). */
  density: number;
  /** Distinct rating values (or 20 equal bins when there are more) with their counts. */
  ratingHistogram: { value: number; count: number }[];
  perUser: CountSummary | null;
  perItem: CountSummary | null;
  duplicates: { pairs: number; rows: number; policy: DuplicatePolicy; removed: number };
  timeRange: { min: number; max: number } | null;
  /** Sequences built (documents, sessions) with their own split counts. */
  sequences: { count: number; tokens: number; lengths: CountSummary | null; splits: Record<SplitName, number> } | null;
  metadata: { items: number; matched: number } | null;
}

export interface ImportResult {
  type: 'result';
  datasetId: number;
  dataset: string;
  rows: { read: number; imported: number; rejected: number };
  /** The first 100 rejected rows with their 1-based line numbers. */
  rejects: { line: number; reason: string }[];
  vocabularies: Partial<Record<'user' | 'item' | 'event' | 'word' | 'label', VocabularyReport>>;
  /** Split counts of the interactions, or of the sequences when there are no interactions. */
  splits: Record<SplitName, number>;
  report: QualityReport;
  seconds: number;
}

export interface ImportProgress {
  importId: string;
  /** Bytes of the file read so far (compressed bytes for gzip), and its size. */
  bytes: number;
  totalBytes: number;
  rows: number;
  rejected: number;
  etaSeconds: number | null;
  stage: 'reading' | 'writing';
}

export interface DatasetSummary {
  id: number;
  name: string;
  sourcePath: string;
  format: FileFormat;
  mapping: Mapping;
  kind: DatasetKind;
  /** Interactions imported (0 for text corpora and sequence-only datasets; see `sequences`). */
  rows: number;
  sequences: number;
  users: number;
  items: number;
  ratingMin: number;
  ratingMax: number;
  createdAt: string;
}

/**
 * - `mf`: explicit ratings, biased matrix factorisation (RMSE/MAE);
 * - `implicit`: implicit feedback ranked with sampled negatives, loss `bpr` or `warp` (Recall/NDCG/MAP/HitRate@K);
 * - `sgns`, `cbow`: word2vec over token sequences (words, events, items per session).
 */
export type ModelName = 'mf' | 'implicit' | 'sgns' | 'cbow';
export const MODELS: readonly ModelName[] = ['mf', 'implicit', 'sgns', 'cbow'];
export type EngineName = 'cpu';
export type ImplicitLoss = 'bpr' | 'warp';
/** mf: `constant` SGD or `linear` decay to ~0 over all epochs; implicit: `adagrad` (default) or `linear`. */
export type Schedule = 'constant' | 'linear' | 'adagrad';

export interface TrainConfig {
  model: ModelName;
  dim: number;
  epochs: number;
  /** Learning rate (word2vec's alpha for sgns/cbow). */
  lr: number;
  schedule: Schedule;
  seed: number;
  /** Worker threads sharing the tables (Hogwild); 1 is bit-for-bit reproducible with a seed. */
  threads: number;
  /** Stop after this many epochs without a better validation score (the best epoch is kept); 0: never. */
  patience: number;
  /** mf, implicit: L2 on factors and on biases. */
  reg?: number;
  regBias?: number;
  /** implicit */
  loss?: ImplicitLoss;
  /** implicit: ratings at or above count as positives (default: every interaction is a positive). */
  threshold?: number;
  /** implicit: the cut-off of ranking metrics. */
  k?: number;
  /** sgns, cbow */
  window?: number;
  negative?: number;
  nsExponent?: number;
  sample?: number;
  /** sgns, cbow: tokens seen fewer times in the training sequences are skipped. */
  minCount?: number;
}

export interface TrainRequest extends Partial<TrainConfig> {
  dataset: string;
}

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
  /** Learning rate at the end of the epoch. */
  lr?: number;
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
  model: ModelName;
  engine: EngineName;
  /** Metrics of the best epoch. */
  metrics: Record<SplitName, SplitMetrics>;
  /** mf: `globalMean`, `biasOnly`; implicit: `popularity`. */
  baselines: Record<string, Record<SplitName, SplitMetrics>>;
  bestEpoch: number;
  epochs: number;
  seconds: number;
}

/** Progress of a run, in the order a run emits them. */
export type RunEvent =
  | { type: 'started'; runId: number; epochs: number }
  | { type: 'epoch'; runId: number; metrics: EpochMetrics; examplesPerSecond: number }
  /** Within an epoch, about once a second: how far, how fast, how long still. */
  | {
      type: 'progress';
      runId: number;
      epoch: number;
      fraction: number;
      examplesPerSecond: number;
      etaSeconds: number | null;
    }
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

/** `cosine` and `dot` rank by similarity (highest first); `euclidean` by distance (lowest first). */
export type Metric = 'cosine' | 'dot' | 'euclidean';
export const METRICS: readonly Metric[] = ['cosine', 'dot', 'euclidean'];

/** Only rows whose metadata matches: a genre, or a substring of key or title (case-insensitive). */
export interface RowFilter {
  genre?: string;
  text?: string;
}

export interface NeighborsRequest {
  runId: number;
  table: string;
  key: string;
  k?: number;
  metric?: Metric;
  filter?: RowFilter;
}

export type AnalogyMethod = '3CosAdd' | '3CosMul';

/** Vector arithmetic on any table: Σ positive − Σ negative (a − b + c: positive [a, c], negative [b]). */
export interface AnalogyRequest {
  runId: number;
  table: string;
  positive: string[];
  negative: string[];
  k?: number;
  method?: AnalogyMethod;
  filter?: RowFilter;
}

export interface AnalogyResult {
  type: 'result';
  method: AnalogyMethod;
  results: Neighbor[];
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

export interface RecommendRequest {
  runId: number;
  /** A known user's key; their training items are left out and explain the recommendations. */
  user?: string;
  /** Or a new user: a few items (with ratings for mf) folded into a vector without retraining. */
  items?: { key: string; rating?: number }[];
  k?: number;
}

export interface RecommendResult {
  type: 'result';
  runId: number;
  user: string | null;
  /** True when the user's vector was folded in from `items`. */
  foldIn: boolean;
  recommendations: {
    key: string;
    title: string | null;
    score: number;
    because: { key: string; title: string | null; similarity: number }[];
  }[];
  /** Keys of `items` the vocabulary does not have (left out of the fold-in). */
  unknown: string[];
}

export interface EvaluateRequest {
  runId: number;
  /** Default: the run's main table (`words`, `items` or `events`). */
  table?: string;
  /** A `questions-words.txt`-style file (`: section` headers, then `a b c d` per line). */
  analogies?: string;
  /** Word pairs with a human score (`w1 w2 score`, tab or space separated, `#` comments). */
  similarity?: string;
  /** Analogies: only the most frequent rows are candidates and questions (default 30,000, as gensim). */
  restrict?: number;
}

export interface EvaluateResult {
  type: 'result';
  runId: number;
  table: string;
  /** 3CosAdd accuracy overall and per section; `questions` evaluated, `skipped` for words outside the vocabulary. */
  analogies?: {
    accuracy: number;
    sections: Record<string, { correct: number; total: number; accuracy: number }>;
    questions: number;
    skipped: number;
  };
  similarity?: { spearman: number; pearson: number; pairs: number; oovRatio: number };
}

/** See docs/export-formats.md for each format's layout, key rules and the tools that load it. */
export type ExportFormat = 'projector' | 'word2vec' | 'word2vec-binary' | 'glove' | 'csv' | 'npy' | 'json' | 'parquet';
export const EXPORT_FORMATS: readonly ExportFormat[] = [
  'projector',
  'word2vec',
  'word2vec-binary',
  'glove',
  'csv',
  'npy',
  'json',
  'parquet',
];

export interface ExportRequest {
  runId: number;
  table: string;
  format: ExportFormat;
  /** Output directory; created if missing. Default: `exports/run-<id>` beside the database. */
  outDir?: string;
  /** Write the PAD and OOV rows too (default false). */
  includeSpecial?: boolean;
  /** Write per-row biases where the format has room and the model has them (default true). */
  includeBias?: boolean;
}

export interface ExportResult {
  type: 'result';
  files: string[];
  rows: number;
  dim: number;
  /** Keys changed to fit the format (e.g. spaces in word2vec keys), and keys that then collided. */
  keysReplaced?: number;
  keyCollisions?: number;
  biasWritten?: boolean;
}
