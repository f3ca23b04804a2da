// 2-D maps of a table (docs/explore.md): exact PCA, UMAP, or t-SNE (Barnes–Hut, FFT-interpolated or exact).
import type { AppliedFilter } from './embeddings';

export const PROJECTION_METHODS = ['pca', 'umap', 'tsne'] as const;
export type ProjectionMethod = (typeof PROJECTION_METHODS)[number];
/** How t-SNE computes its repulsion: exact sums (small tables), Barnes–Hut, FFT interpolation, or by size. */
export const TSNE_GRADIENTS = ['auto', 'exact', 'bh', 'fft'] as const;
export type TsneGradientMethod = (typeof TSNE_GRADIENTS)[number];
/** Where t-SNE and UMAP start: the first two principal components, or seeded noise. */
export const LAYOUT_INITS = ['pca', 'random'] as const;
export type LayoutInit = (typeof LAYOUT_INITS)[number];
/** The stages of a map, in order (PCA has only `layout`; t-SNE `affinities`, UMAP `graph`). */
export type ProjectionStage = 'init' | 'neighbours' | 'affinities' | 'graph' | 'layout';
/** The defaults of a map request's options: one definition for the core, the CLI and the Map panel. */
export const PROJECTION_DEFAULTS = {
  seed: 1,
  perplexity: 30,
  theta: 0.5,
  exaggeration: 1,
  iterations: 750,
  gradient: 'auto' as TsneGradientMethod,
  init: 'pca' as LayoutInit,
  neighbors: 15,
  minDist: 0.1,
};
/** What `embeddings:controlProject` does to a running map; `stop` ends it keeping the layout as it is. */
export const PROJECTION_ACTIONS = ['pause', 'resume', 'stop'] as const;
export type ProjectionAction = (typeof PROJECTION_ACTIONS)[number];

export interface ProjectRequest {
  runId: number;
  table: string;
  method: ProjectionMethod;
  /** Names this projection in `projections:progress` events and for cancel and control. */
  projectionId?: string;
  /** Only the `limit` most frequent rows (default every row; exact t-SNE at most 5,000). */
  limit?: number;
  /** Map the PAD and OOV rows too, keyed `<pad>` and `<oov>` (default false). */
  includeSpecial?: boolean;
  /**
   * The minimum support (default DEFAULT_MIN_COUNT): rows trained fewer times are left off the map, as rows never
   * trained always are (docs/neighbours.md).
   */
  minCount?: number;
  /** Seeds every random choice (default 1): the same table, options and seed give the same map. */
  seed?: number;
  /** t-SNE: perplexity (default 30). */
  perplexity?: number;
  /** t-SNE: Barnes–Hut accuracy θ (default 0.5; 0 is exact). */
  theta?: number;
  /** t-SNE: exaggeration after the early phase (default 1; the early phase uses max(12, this)). */
  exaggeration?: number;
  /** t-SNE: iterations in all, the first third (at most 250) exaggerated (default 750). */
  iterations?: number;
  /** t-SNE: how the repulsion is computed (default auto: Barnes–Hut for small tables, FFT above). */
  gradient?: TsneGradientMethod;
  /** t-SNE and UMAP: the starting layout (default pca). */
  init?: LayoutInit;
  /** UMAP: neighbours (default 15), minimum distance (default 0.1), epochs (default 500, 200 above 10,000 rows). */
  neighbors?: number;
  minDist?: number;
  epochs?: number;
  /** Threads for t-SNE and UMAP (default: by table size, up to 4); the map is the same for any number. */
  threads?: number;
  /** Send the moving layout on `projections:progress` (`snapshot`) while t-SNE or UMAP runs (default false). */
  snapshots?: boolean;
  /** Reuse the stored map of the same run, table, method and settings, and store a finished one (default true). */
  cache?: boolean;
}

/** One of an item metadata file's other columns (year, country…): a value per point, null where it is empty. */
export interface MetaColumn {
  name: string;
  values: (string | null)[];
}

/** The points a map request covers, in vocabulary order (most frequent first), without coordinates. */
export interface ProjectionPoints {
  keys: string[];
  /** Occurrences in the training data (0 for PAD and OOV). */
  counts: number[];
  titles: (string | null)[];
  genres: string[][];
  /** The metadata file's other columns, as text (the Map panel tells numbers from categories by the values). */
  columns: MetaColumn[];
  /** The minimum support as applied, with the rows it left off the map. */
  filter: AppliedFilter;
}

/** One entry per point, in vocabulary order (most frequent first); coordinates are float32 values. */
export interface ProjectResult extends ProjectionPoints {
  type: 'result';
  projectionId: string;
  runId: number;
  table: string;
  method: ProjectionMethod;
  x: number[];
  y: number[];
  /** PCA: share of the total variance along x and y; null for UMAP and t-SNE. */
  explainedVariance: number[] | null;
  /** Vector size of the table mapped. */
  dim: number;
  /** The options in effect, defaults filled in (`gradient` is the method `auto` chose). */
  options: {
    seed: number;
    limit: number | null;
    includeSpecial: boolean;
    perplexity?: number;
    theta?: number;
    exaggeration?: number;
    iterations?: number;
    gradient?: Exclude<TsneGradientMethod, 'auto'>;
    init?: LayoutInit;
    neighbors?: number;
    minDist?: number;
    epochs?: number;
  };
  /** Seconds this answer took (a cached map: reading it); `computeSeconds` is what computing it took. */
  seconds: number;
  computeSeconds: number;
  /** Read from the map cache instead of computed. */
  cached: boolean;
  /** Stopped early by `embeddings:controlProject` (stop): the layout as it was, never cached. */
  stopped: boolean;
  /** t-SNE iterations or UMAP epochs run (null for PCA). */
  layoutIterations: number | null;
}

export interface ProjectionProgress {
  projectionId: string;
  runId: number;
  table: string;
  method: ProjectionMethod;
  /** 0 … 1 over all stages. */
  fraction: number;
  /** Points being mapped. */
  points: number;
  etaSeconds: number | null;
  stage: ProjectionStage;
  /** 0 … 1 within the stage. */
  stageFraction: number;
  /** Layout stage: iterations (t-SNE) or epochs (UMAP) done and planned; else null. */
  iteration: number | null;
  iterations: number | null;
  paused: boolean;
  /** With `snapshots`: every point's current coordinates (in the answer's order), at most about twice a second. */
  snapshot?: { x: number[]; y: number[] };
}
