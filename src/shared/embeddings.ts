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
  count: number;
}

/** `cosine` and `dot` rank by similarity (highest first); `euclidean` by distance (lowest first). */
export const METRICS = ['cosine', 'dot', 'euclidean'] as const;
export type Metric = (typeof METRICS)[number];

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
