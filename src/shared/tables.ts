// Tables in and out: exports in every format, and word2vec/GloVe files imported as tables.

/** See docs/export-formats.md for each format's layout, key rules and the tools that load it. */
export const EXPORT_FORMATS = [
  'projector',
  'word2vec',
  'word2vec-binary',
  'glove',
  'csv',
  'npy',
  'json',
  'parquet',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

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
  /** Replace the files of an earlier export of this table in `outDir` (the CLI's --force); refused otherwise. */
  overwrite?: boolean;
  /** Leave out rows that were never trained (training support 0; docs/export-formats.md). Default false. */
  onlyTrained?: boolean;
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
  /** Whether a training-count column (`train_count`) was written; false where the format has no room for it. */
  countsWritten?: boolean;
  /** Rows never trained: written (and marked where `countsWritten`) or, with `onlyTrained`, left out. */
  untrainedRows?: number;
  untrainedLeftOut?: boolean;
}

/** word2vec text (header `rows dim`), word2vec binary, GloVe text (no header); docs/export-formats.md. */
export const VECTOR_FILE_FORMATS = ['word2vec', 'word2vec-binary', 'glove'] as const;
export type VectorFileFormat = (typeof VECTOR_FILE_FORMATS)[number];

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
