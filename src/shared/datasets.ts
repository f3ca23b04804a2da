// Datasets: reading files, mapping columns to roles, vocabularies, splits, the import and its report.
/**
 * - `interactions`: user × item rows (ratings, clicks, purchases), optionally also grouped into sessions;
 * - `sequences`: behaviour sequences of items or events per session (or per user, cut at time gaps);
 * - `text`: a corpus of documents, optionally labelled;
 * - `vectors`: a word2vec/GloVe file imported as a table (its keys are the vocabulary; nothing to train on);
 * - `tabular`: rows of categorical and numeric columns with a `target` to predict (the `tabular` model).
 */
export const DATASET_KINDS = ['interactions', 'sequences', 'text', 'vectors', 'tabular'] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

/**
 * What a column means. Categorical roles (user, item, event, label) get vocabularies; `text` is tokenised into
 * words; `title` and `genres` are item metadata (`genres` is multi-valued, `|`-separated). A table's columns:
 * `category` (each column its own vocabulary), `numeric` (standardised, missing values flagged) and the `target`
 * to predict; `category` and `numeric` take several columns.
 */
export const ROLES = [
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
  'category',
  'numeric',
  'target',
] as const;
export type Role = (typeof ROLES)[number];
/** Roles that take several columns: event columns combine into one token; category and numeric are repeatable. */
export const MULTI_ROLES = ['event', 'category', 'numeric'] as const;
export type MultiRole = (typeof MULTI_ROLES)[number];

export const FILE_FORMATS = ['csv', 'tsv', 'movielens', 'delimited', 'jsonl', 'text'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];
export const FORMAT_CHOICES = ['auto', ...FILE_FORMATS] as const;
export type FormatChoice = (typeof FORMAT_CHOICES)[number];
/**
 * Role → column. `event` may name several columns, combined into one token: the first column's value, then
 * `:column=value` pairs for the rest joined by `,` (`view:page_type=home`). `category` and `numeric` may name
 * several columns; a `category` entry `Home+Away` is a group of columns of one kind sharing one vocabulary (and
 * one embedding table).
 */
export type Mapping = { [R in Role]?: R extends MultiRole ? string | string[] : string };
/** Index in this list = the split code stored per row (0 train, 1 valid, 2 test). */
export const SPLITS = ['train', 'valid', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];
export const ENCODINGS = ['utf8', 'latin1'] as const;
export type Encoding = (typeof ENCODINGS)[number];

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
  | { kind: 'column' }
  /**
   * Cold start: an `items` fraction of the items is held out entirely (all their rows to test), the other rows
   * split at random by `valid` and `test`. Sequences are split at random.
   */
  | { kind: 'coldItems'; items?: number; valid?: number; test?: number };

export const DUPLICATE_POLICIES = ['keep', 'last', 'average'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

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

/** Whose side features a file holds. */
export const FEATURE_OWNERS = ['item', 'user'] as const;
export type FeatureOwner = (typeof FEATURE_OWNERS)[number];

/**
 * A file of item or user features joined by key: every row adds the feature `column:value` (lower-cased) of each
 * named column to its key's entity; `|` separates several values in a cell (`Action|Comedy`), and a key may have
 * many rows (MovieLens `tags.csv`: movieId, tag).
 */
export interface FeatureFile extends ReadOptions {
  path: string;
  of: FeatureOwner;
  /** The key column (an item or user id as in the main file). */
  key: string;
  columns: string[];
}

export interface ImportRequest extends ReadOptions {
  path: string;
  /** Dataset name; defaults to the file's base name. */
  name?: string;
  /** Role → column. When given it is the whole mapping; when absent the suggestion from the preview is used. */
  mapping?: Mapping;
  /** Seed of random splits (default 42). */
  seed?: number;
  /**
   * Default: the `split` column when mapped, else every sequence in train for text without labels
   * (`defaultSplit`), else random 80/10/10.
   */
  split?: SplitSpec;
  /** What to do with repeated (user, item) pairs (default `keep`). */
  duplicates?: DuplicatePolicy;
  /** Vocabulary cut-offs per categorical role; `category` applies to every category column. */
  vocab?: Partial<Record<'user' | 'item' | 'event' | 'word' | 'category', VocabularyCut>>;
  /** Cut-offs of single category columns (or groups, by their name `Home+Away`), over `vocab.category`. */
  columnVocab?: Record<string, VocabularyCut>;
  tokenizer?: TokenizerOptions;
  /** Text documents longer than this become several sequences (gensim's 10,000). */
  maxSequenceLength?: number;
  /** Without a session column: a user's rows ordered by time, cut where the gap exceeds this (default 30). */
  sessionGapMinutes?: number;
  items?: MetadataFile;
  users?: MetadataFile;
  /**
   * Side features of items and users for recommendations (docs/features.md): files joined by key, each named
   * column's values a feature (`tags.csv`: many rows per item). Item genres (mapped or from `items`) are
   * item features too.
   */
  features?: FeatureFile[];
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
  /** The item metadata file: its rows, the items it matched, its other columns kept (absent in older reports). */
  metadata: { items: number; matched: number; columns?: string[] } | null;
  /** Side features per owner: distinct features, entities with at least one, and (entity, feature) pairs. */
  features?: Partial<Record<FeatureOwner, { features: number; entities: number; pairs: number }>>;
  /** A tabular dataset's columns and target; absent for other kinds. */
  tabular?: TabularReport;
}

/** One column of a tabular dataset as imported. */
export type TabularColumnReport =
  | { name: string; kind: 'category'; vocabulary: VocabularyReport }
  | { name: string; kind: 'numeric'; missing: number; mean: number; std: number; min: number; max: number };

export interface TabularReport {
  columns: TabularColumnReport[];
  target: {
    name: string;
    /** Rows without a target value (kept, predicted, never trained on). */
    missing: number;
    /** Distinct values when there are at most MAX_TARGET_CLASSES, with their counts (most frequent first). */
    classes: { value: string; count: number }[] | null;
    /** Over the rows whose target is a number; null when none is. */
    numeric: { rows: number; mean: number; std: number; min: number; max: number } | null;
  };
}

/** A target with more distinct values than this can only be regressed on (it gets no class vocabulary). */
export const MAX_TARGET_CLASSES = 1000;

export interface ImportResult {
  type: 'result';
  datasetId: number;
  dataset: string;
  rows: { read: number; imported: number; rejected: number };
  /** The first 100 rejected rows with their 1-based line numbers. */
  rejects: { line: number; reason: string }[];
  vocabularies: Partial<Record<'user' | 'item' | 'event' | 'word' | 'label', VocabularyReport>>;
  /** Vocabularies of a tabular dataset's category columns (and groups), by name. */
  columns?: Record<string, VocabularyReport>;
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
  /** Distinct side features of items and of users (0: none; docs/features.md). */
  itemFeatures?: number;
  userFeatures?: number;
  /** The user's note and tags ('datasets:update'); absent when none. */
  note?: string;
  tags?: string[];
}
