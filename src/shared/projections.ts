// 2-D maps of a table.

export const PROJECTION_METHODS = ['pca', 'umap', 'tsne'] as const;
export type ProjectionMethod = (typeof PROJECTION_METHODS)[number];

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
