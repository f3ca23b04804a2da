// Batch results: top-K recommendations for every user, nearest neighbours for every row of a table, and a
// classifier's predictions for a new file, streamed to CSV or Parquet with `batch:progress` events meanwhile.
import type { Metric, RowFilter } from './embeddings';
import type { ReadOptions } from './datasets';

export const BATCH_FORMATS = ['csv', 'parquet'] as const;
export type BatchFormat = (typeof BATCH_FORMATS)[number];
export const BATCH_KINDS = ['recommendations', 'neighbors', 'predictions'] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];

/** Where a batch result goes and how; shared by every kind. */
export interface BatchOutput {
  /** Default csv. */
  format?: BatchFormat;
  /** The file to write (CLI); it must not exist yet unless `overwrite`. */
  out?: string;
  /** Or a folder to write `<kind>.<format>` into (the app); default: a new `<dataset>-run<id>` exports folder. */
  outDir?: string;
  /** Replace an existing `out` (the CLI's --force); an earlier result is never overwritten otherwise. */
  overwrite?: boolean;
  /** Names this batch in `batch:progress` events and for `batch:cancel`. */
  batchId?: string;
}

/**
 * Every trained user of an mf or implicit run: `user,rank,item,title,score,because` (their training items left
 * out; `filter` as for one user).
 */
export interface BatchRecommendRequest extends BatchOutput {
  runId: number;
  k?: number;
  filter?: RowFilter;
}

/** Every row of a table: `key,rank,neighbor,title,score`. */
export interface BatchNeighborsRequest extends BatchOutput {
  runId: number;
  table: string;
  k?: number;
  metric?: Metric;
  filter?: RowFilter;
  /** As for one query (docs/neighbours.md); default exact. */
  approximate?: boolean;
}

/**
 * A classifier run on a new file, read with the run's dataset mapping (text, or session and item/event columns;
 * a label column is optional) and tokenised with its vocabulary and tokenizer, padded as the run was trained:
 * `seq,key,label,predicted,p_<class>…`.
 */
export interface BatchPredictRequest extends BatchOutput {
  runId: number;
  path: string;
  /** How to read the file, when sniffing it is not enough. */
  read?: ReadOptions;
}

export interface BatchProgress {
  batchId: string;
  kind: BatchKind;
  /** Users, rows or sequences done, of `total`. */
  done: number;
  total: number;
  etaSeconds: number | null;
}

export interface BatchResult {
  type: 'result';
  kind: BatchKind;
  runId: number;
  format: BatchFormat;
  out: string;
  /** Users, rows or sequences answered, and the lines written. */
  queries: number;
  rows: number;
  seconds: number;
  /** Predictions only. */
  predictions?: {
    classes: string[];
    /** Sequences with a label the run knows, scored as training scores them. */
    labelled: number;
    metrics: { loss: number; accuracy: number; auc?: number } | null;
    /** Labels in the file that the run never saw (their sequences are predicted, not scored). */
    unknownLabels: string[];
    /** Share of the file's tokens outside the run's vocabulary (they become OOV). */
    oovShare: number;
  };
}
