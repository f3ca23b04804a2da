// Exploring a run's tables: keys, neighbours, analogies, recommendations, evaluation, biases.

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
  /** The dataset's count of the key (its vocabulary count). */
  count: number;
  genres?: string[];
  /** The run's training support of the row (0: never trained); null when unknown (imported tables). */
  trainCount?: number | null;
}

/** `cosine` and `dot` rank by similarity (highest first); `euclidean` by distance (lowest first). */
export const METRICS = ['cosine', 'dot', 'euclidean'] as const;
export type Metric = (typeof METRICS)[number];

/**
 * Only rows whose metadata matches: a genre, or a substring of key or title (case-insensitive); and only rows
 * with at least `minCount` training support (default DEFAULT_MIN_COUNT). Rows never trained (support 0) are
 * never returned, whatever `minCount` says.
 */
export interface RowFilter {
  genre?: string;
  text?: string;
  minCount?: number;
  /**
   * Only rows that are their features alone: the items (or users) of a side-feature run with no training
   * interactions of their own — "which of the new items?" (docs/features.md).
   */
  fromFeatures?: boolean;
}

/**
 * The minimum training support of rows shown as neighbours, analogy answers and recommendations when a request
 * does not say: on ml-latest-small, rows under it are mostly noise (docs/neighbours.md, "Minimum support").
 */
export const DEFAULT_MIN_COUNT = 5;

/** Where a table's per-row counts come from: the run's training support, the dataset's vocabulary, or none. */
export type SupportSource = 'run' | 'vocabulary' | 'none';

/** The filter an answer was drawn under, and the rows it left out: what a result header shows. */
export interface AppliedFilter {
  genre: string | null;
  text: string | null;
  minCount: number;
  /** Present and true when only rows from their features were asked for. */
  fromFeatures?: boolean;
  /** `none` (imported tables): every row counts as trained and `minCount` does not apply. */
  support: SupportSource;
  /** Real rows of the table; rows never trained; rows trained but under `minCount` (both left out). */
  rows: number;
  untrained: number;
  belowMinCount: number;
}

/** A row named in a request, as it was resolved (a title or a different case resolves to the key). */
export interface KeyRef {
  key: string;
  title: string | null;
  /** Training support (null when unknown). */
  count: number | null;
  /**
   * True for a row with no training interactions of its own whose vector is its features' (a side-feature run;
   * `count` is then their training interactions, docs/features.md); absent otherwise.
   */
  fromFeatures?: boolean;
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

export const ANALOGY_METHODS = ['3CosAdd', '3CosMul'] as const;
export type AnalogyMethod = (typeof ANALOGY_METHODS)[number];

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
  /** The inputs as resolved (titles to keys). */
  positive: KeyRef[];
  negative: KeyRef[];
  filter: AppliedFilter;
}

export interface Neighbor {
  key: string;
  title: string | null;
  score: number;
  /** Training support of the row (null when unknown), and its genres (item metadata). */
  count: number | null;
  genres: string[];
  /** As KeyRef's: the row is its features alone. */
  fromFeatures?: boolean;
}

export interface NeighborsResult {
  type: 'result';
  /** The key asked about, resolved (a title given resolves to its key). */
  key: string;
  title: string | null;
  /** Its training support (null when unknown). */
  count: number | null;
  /** As KeyRef's: the row asked about is its features alone. */
  fromFeatures?: boolean;
  metric: Metric;
  neighbors: Neighbor[];
  filter: AppliedFilter;
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

/**
 * A new user's features as typed (`ewb recommend --user-features`, the Explore view): `country=France,age=30-39`,
 * `;` between pairs when a value holds a comma. `bad` is the first part that is not column=value.
 */
export function parseUserFeatures(text: string): { features: { column: string; value: string }[]; bad?: string } {
  const features: { column: string; value: string }[] = [];
  for (const part of text.split(text.includes(';') ? ';' : ',').filter((p) => p.trim())) {
    const eq = part.indexOf('=');
    if (eq <= 0 || part.slice(0, eq).trim() === '') return { features, bad: part.trim() };
    features.push({ column: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() });
  }
  return { features };
}

export interface RecommendRequest {
  runId: number;
  /** A known user's key; their training items are left out and explain the recommendations. */
  user?: string;
  /** Or a new user: a few items (keys or titles, with ratings for mf) folded into a vector without retraining. */
  items?: { key: string; rating?: number }[];
  /**
   * Or a new user with no history, from their features alone (a run trained with user features): each a column
   * of the user features file and a value (`country`, `France`), weighted equally as the import weights them.
   */
  userFeatures?: { column: string; value: string }[];
  k?: number;
  /** Which items may be recommended (genre, text, minimum training support). */
  filter?: RowFilter;
}

/** An mf score's terms: score = globalMean + userBias + itemBias + dot (implicit: the first two are 0). */
export interface ScoreParts {
  globalMean: number;
  userBias: number;
  itemBias: number;
  dot: number;
}

export interface Recommendation {
  key: string;
  title: string | null;
  /** What ranks: mf's μ + b_u + b_i + p·q before clamping; implicit's b_i + p·q. The sum of `parts`. */
  score: number;
  /** mf: the predicted rating, `score` clamped to the data's scale; null for implicit feedback. */
  predicted: number | null;
  parts: ScoreParts;
  /** Training support of the item, and its genres. */
  count: number | null;
  genres: string[];
  /** As KeyRef's: a cold item recommended from its features alone. */
  fromFeatures?: boolean;
  /**
   * The user's items that contribute most to `parts.dot`: with W = (QₛᵀQₛ + λI)⁻¹ over the user's items Qₛ
   * (the user's least-squares vector), item j contributes (q·W q_j)·t_j, t_j its rating less the baselines
   * (1 for implicit feedback): the decomposition the `implicit` library's explain() gives. `similarity` is
   * the cosine of the two item vectors.
   */
  because: { key: string; title: string | null; similarity: number; contribution: number }[];
}

export interface RecommendResult {
  type: 'result';
  runId: number;
  user: string | null;
  /** True for a new user: the vector folded in from `items`, or composed from `userFeatures`. */
  foldIn: boolean;
  /** `rating`: an mf predicted rating on the data's scale; `preference`: an implicit-feedback score. */
  scoreKind: 'rating' | 'preference';
  /** One sentence saying what the score is and how to read it. */
  scoreMeaning: string;
  /** mf: the rating scale predictions are clamped to; null for implicit feedback. */
  scale: { min: number; max: number } | null;
  recommendations: Recommendation[];
  /** Keys of `items` (or features of `userFeatures`) the vocabulary does not have (left out of the fold-in). */
  unknown: string[];
  /** Items of `items` (or features) that were never trained: left out of the fold-in too. */
  untrained: string[];
  /** The fold-in items as resolved (titles to keys); empty for a known user. */
  items: KeyRef[];
  /** The user features a new user's vector was composed from (`column:value` keys, counts their training). */
  features?: KeyRef[];
  filter: AppliedFilter;
}

/** What the Explore view shows about a table before any question: its counts, genres and default filter. */
export interface TableInfoRequest {
  runId: number;
  table: string;
}

export interface TableInfo {
  runId: number;
  table: string;
  role: string;
  rows: number;
  dim: number;
  support: SupportSource;
  /** What a count counts: `ratings`, `interactions`, `occurrences` (or `count` when unknown). */
  unit: string;
  /** Real rows with support ≥ 1 and never trained (support 0). */
  trained: number;
  untrained: number;
  /** Rows with support under DEFAULT_MIN_COUNT (trained ones only). */
  belowDefaultMinCount: number;
  defaultMinCount: number;
  /** Genres of the table's rows, most rows first. */
  genres: { genre: string; rows: number }[];
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
