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
 * - `sgns`, `cbow`: word2vec over token sequences (words, events, items per session);
 * - `classifier`: labelled sequences (text or behaviour with a `label` column) → Embedding → encoder → Dense →
 *   sigmoid/softmax, on the tfjs engine (loss, accuracy, AUC for two labels).
 */
export type ModelName = 'mf' | 'implicit' | 'sgns' | 'cbow' | 'classifier';
export const MODELS: readonly ModelName[] = ['mf', 'implicit', 'sgns', 'cbow', 'classifier'];
/** classifier: how the embedded sequence becomes one vector (docs/training.md). */
export type ClassifierEncoder = 'flatten' | 'average' | 'gru' | 'lstm' | 'conv1d';
export const CLASSIFIER_ENCODERS: readonly ClassifierEncoder[] = ['flatten', 'average', 'gru', 'lstm', 'conv1d'];
/** Keras `pad_sequences`: `pre` pads (or cuts) at the start, `post` at the end. */
export type PadSide = 'pre' | 'post';
/** `cpu`: the hand-written sparse SGD engine (src/core/train); `tfjs`: TensorFlow.js layers models (src/core/tfjs). */
export type EngineName = 'cpu' | 'tfjs';
export const ENGINES: readonly EngineName[] = ['cpu', 'tfjs'];
/** What a request may ask for: `auto` picks tfjs only when tfjs-node-gpu loads and sees a GPU, else cpu. */
export type EngineChoice = 'auto' | EngineName;
/**
 * The TensorFlow.js backend a tfjs run trained on, in the order they are tried; `cpu-engine` is what a run of
 * the CPU engine (no TensorFlow.js at all) reports.
 */
export type BackendName = 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'];
export type RunBackend = BackendName | 'cpu-engine';
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
  /** classifier: sequences are padded/truncated to exactly this many tokens. */
  maxLen?: number;
  /** classifier: where padding goes (`pre`, Keras' default, or `post`) and which end is cut (`truncating`). */
  padding?: PadSide;
  truncating?: PadSide;
  /** classifier: `flatten`, `average` (masked GlobalAveragePooling1D), `gru`, `lstm`, `conv1d` (+ global max). */
  encoder?: ClassifierEncoder;
  /** classifier: GRU/LSTM state size; Conv1D `filters` and `kernelSize`. */
  units?: number;
  filters?: number;
  kernelSize?: number;
  /** classifier: sizes of the ReLU Dense layers before the output (empty: none). */
  hidden?: number[];
  /** classifier: dropout rate after the encoder and each hidden layer. */
  dropout?: number;
  /** classifier: sequences per gradient step (Adam). */
  batchSize?: number;
  /**
   * Which engine trains (default `auto`: tfjs only when tfjs-node-gpu loads and sees a GPU, else cpu). The
   * tfjs engine trains mf, implicit (bpr) and sgns; it ignores `threads` (TensorFlow.js uses its own).
   */
  engine?: EngineChoice;
  /**
   * Pre-trained initialisation per table of the model (`users`, `items`, `words`, `words.context` …): rows whose
   * key the source has start from its vector, the others from the model's initializer (docs/training.md).
   */
  init?: Record<string, TableInit>;
}

/** Where a table's initial vectors come from: a table of an earlier run or of imported vectors (also a run). */
export interface TableInit {
  runId: number;
  /** The source run's table; default: the one of the same name, else the run's only table. */
  table?: string;
  /** false: the table is frozen (never updated, Keras `trainable: false`); default true (fine-tuned). */
  trainable?: boolean;
}

/** How much of a table a pre-trained source covered: `matched` of its `rows` real rows (PAD/OOV left out). */
export interface InitCoverage {
  runId: number;
  table: string;
  matched: number;
  /** Of `matched`, keys found only after the word2vec rule (whitespace → `_`). */
  matchedByRule: number;
  rows: number;
  /** matched / rows. */
  coverage: number;
  trainable: boolean;
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
}

export type RunModel = ModelName | 'imported';

/** The "config" of an imported table: where it came from. Other fields of TrainConfig are absent. */
export interface ImportedConfig extends Partial<Omit<TrainConfig, 'model'>> {
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

export interface TrainResult {
  type: 'result';
  runId: number;
  model: ModelName;
  engine: EngineName;
  /** The TensorFlow.js backend used, or `cpu-engine`; absent only in results stored before it was recorded. */
  backend?: RunBackend;
  /**
   * Why the engine and backend are these (`auto` without a GPU, backends skipped and why) and options the engine
   * ignored (`threads` on tfjs). Absent when there is nothing to say.
   */
  engineNotes?: string[];
  /** Metrics of the best epoch. */
  metrics: Record<SplitName, SplitMetrics>;
  /** mf: `globalMean`, `biasOnly`; implicit: `popularity`. */
  baselines: Record<string, Record<SplitName, SplitMetrics>>;
  bestEpoch: number;
  epochs: number;
  seconds: number;
  /** Tables initialised from pre-trained vectors (`config.init`), with the share of rows each source covered. */
  init?: Record<string, InitCoverage>;
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
  /**
   * true: the approximate (HNSW) index; false: exact search; absent: approximate only for tables of at least
   * `EWB_ANN_MIN_ROWS` rows (default 1,000,000). See docs/neighbours.md.
   */
  approximate?: boolean;
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
  /** Whether the approximate index answered (false: exact search). */
  approximate?: boolean;
  /** The approximate index that answered, with its measured recall; absent for exact answers. */
  index?: AnnIndexInfo;
  /** True when the table is large enough for the approximate index and it is being built: this answer is exact. */
  indexBuilding?: boolean;
}

/** An HNSW index as built (hnswlib): its parameters and its recall@10 against exact search. */
export interface AnnIndexInfo {
  kind: 'hnsw';
  metric: Metric;
  /** Links per node, candidate list while building, candidate list while searching (at least k). */
  m: number;
  efConstruction: number;
  efSearch: number;
  /** Rows indexed (PAD and OOV are not). */
  rows: number;
  /** Mean share of the exact top-10 found in the approximate top-10, over `recallQueries` seeded sample rows. */
  recallAt10: number;
  recallQueries: number;
  buildSeconds: number;
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
  /**
   * CSV and the Projector's TSV: text cells starting with =, +, -, @, tab or CR get a leading ' so that
   * spreadsheets show them instead of running them as formulas (OWASP; default true). docs/export-formats.md.
   */
  neutralizeFormulas?: boolean;
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
  /** Text cells that got a leading ' against spreadsheet formulas (CSV and TSV). */
  formulaCells?: number;
}

/** word2vec text (header `rows dim`), word2vec binary, GloVe text (no header); docs/export-formats.md. */
export type VectorFileFormat = 'word2vec' | 'word2vec-binary' | 'glove';
export const VECTOR_FILE_FORMATS: readonly VectorFileFormat[] = ['word2vec', 'word2vec-binary', 'glove'];

/** Import a word2vec/GloVe file as a table to explore, export and initialise runs with (docs/export-formats.md). */
export interface ImportVectorsRequest {
  path: string;
  /** Default `auto`: sniffed from the first 4 KiB. */
  format?: 'auto' | VectorFileFormat;
  /** Name of the table's dataset (kind `vectors`); default: the file's base name. */
  name?: string;
  /** Report how many of this dataset's vocabulary keys the file has (per vocabulary). */
  dataset?: string;
  /** Names this import in `imports:progress` events and for `datasets:cancelImport`. */
  importId?: string;
}

export interface VectorsCoverage {
  /** Vocabulary role (`user`, `item`, `event`, `word`) and the table name a model gives it. */
  role: string;
  table: string;
  /** Real keys of the vocabulary, how many the file has (`matchedByRule` only after whitespace → `_`). */
  keys: number;
  found: number;
  matchedByRule: number;
  coverage: number;
}

export interface ImportVectorsResult {
  type: 'result';
  /** The run holding the table (model `imported`): use it wherever a run id and table are asked for. */
  runId: number;
  datasetId: number;
  name: string;
  table: string;
  format: VectorFileFormat;
  /** Distinct keys kept (the table's real rows) and the vector size. */
  keys: number;
  dim: number;
  /** Rows in the file; `duplicateKeys` of them repeat an earlier key and were dropped (the first one wins). */
  fileRows: number;
  duplicateKeys: number;
  /** The first 20 duplicates with the 1-based row of the file they were on. */
  duplicates: { key: string; row: number }[];
  coverage: { dataset: string; vocabularies: VectorsCoverage[] } | null;
  seconds: number;
}

/** 2-D maps of a table (docs/explore.md): exact PCA, UMAP, or exact t-SNE. */
export type ProjectionMethod = 'pca' | 'umap' | 'tsne';
export const PROJECTION_METHODS: readonly ProjectionMethod[] = ['pca', 'umap', 'tsne'];

export interface ProjectRequest {
  runId: number;
  table: string;
  method: ProjectionMethod;
  /** Names this projection in `projections:progress` events and for `embeddings:cancelProject`. */
  projectionId?: string;
  /** Only the `limit` most frequent rows (default: every row for pca and umap, 5,000 for tsne, at most 10,000). */
  limit?: number;
  /** Map the PAD and OOV rows too, keyed `<pad>` and `<oov>` (default false). */
  includeSpecial?: boolean;
  /** Seeds every random choice (default 1): the same table, options and seed give the same map. */
  seed?: number;
  /** t-SNE: perplexity (default 30). */
  perplexity?: number;
  /** UMAP: neighbours (default 15), minimum distance (default 0.1), epochs (default 500 to 200 by size). */
  neighbors?: number;
  minDist?: number;
  epochs?: number;
}

/** One entry per point, in vocabulary order (most frequent first); coordinates are float32 values. */
export interface ProjectResult {
  type: 'result';
  projectionId: string;
  runId: number;
  table: string;
  method: ProjectionMethod;
  keys: string[];
  x: number[];
  y: number[];
  /** Occurrences in the training data (0 for PAD and OOV). */
  counts: number[];
  titles: (string | null)[];
  genres: string[][];
  /** PCA: share of the total variance along x and y; null for UMAP and t-SNE. */
  explainedVariance: number[] | null;
  /** Vector size of the table mapped. */
  dim: number;
  /** The options in effect, defaults filled in. */
  options: {
    seed: number;
    limit: number | null;
    includeSpecial: boolean;
    perplexity?: number;
    neighbors?: number;
    minDist?: number;
    epochs?: number;
  };
  seconds: number;
}

export interface ProjectionProgress {
  projectionId: string;
  runId: number;
  table: string;
  method: ProjectionMethod;
  /** 0 … 1. */
  fraction: number;
  /** Points being mapped. */
  points: number;
  etaSeconds: number | null;
}

/** Run comparison: two or more runs side by side; a stability report when two runs share a dataset and table. */
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
  /** The overlap two unrelated tables would have by chance: k / (rows − 1). */
  chanceOverlap: number;
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

/** The highest and lowest item biases of a run (mf; implicit has item biases too). */
export interface BiasesRequest {
  runId: number;
  /** Default items. */
  table?: string;
  /** Rows per end (default 10). */
  top?: number;
  /** Only rows with at least this many training interactions (default 5). */
  minCount?: number;
}

export interface BiasRow {
  key: string;
  title: string | null;
  bias: number;
  /** Training interactions (ratings) of the row. */
  count: number;
  /** Mean training rating of the row, when the dataset has ratings. */
  meanRating: number | null;
}

export interface BiasesResult {
  type: 'result';
  runId: number;
  table: string;
  minCount: number;
  highest: BiasRow[];
  lowest: BiasRow[];
  /** Rows that passed the minimum count, and those left out by it. */
  eligible: number;
  belowMinCount: number;
  /** Mean training rating (μ), when the dataset has ratings: a row's predicted baseline is μ + b_u + b_i. */
  globalMean: number | null;
}
