// Managing a project: renaming, annotating, tagging and removing datasets and runs, the exports a run left,
// a dataset's import report opened again, and runs packed into a file to take to another project.
import type { ImportResult } from './datasets';
import type { RunModel, RunStatus } from './runs';

/** What may change about a dataset or run; absent fields stay as they are. */
export interface Annotation {
  /** A new name (datasets: unique in the project; runs: free text, '' clears it). */
  name?: string;
  /** A note in the user's words ('' clears it). */
  note?: string;
  /** Tags added and removed (trimmed; case kept; a tag is listed once). */
  addTags?: string[];
  removeTags?: string[];
}

export interface UpdateDatasetRequest extends Annotation {
  datasetId: number;
}

export interface UpdateRunRequest extends Annotation {
  runId: number;
}

/** A file or folder written for a run: a table export, a batch result or a packed run. */
export interface ExportRecord {
  id: number;
  runId: number;
  /** `table`, `recommendations`, `neighbors`, `predictions` or `pack`. */
  kind: string;
  path: string;
  createdAt: string;
  /** Inside the project's exports folder (removed with its run) or somewhere the user chose (left alone). */
  inProject: boolean;
  /** Whether it is still on disk. */
  exists: boolean;
}

/** Removing a dataset or a run: what it takes along. `dryRun` only says so (the confirmation step). */
export interface RemoveRequest {
  /** One of the two. */
  datasetId?: number;
  runId?: number;
  dryRun?: boolean;
}

export interface RemovalReport {
  type: 'result';
  /** False for a dry run: nothing was removed. */
  removed: boolean;
  dataset: { id: number; name: string } | null;
  runs: { id: number; name: string | null; model: RunModel; status: RunStatus }[];
  /** Files and folders in the project's exports folder, removed with their runs. */
  exports: string[];
  /** Exports the user saved elsewhere (a folder of their choice): never removed, listed so they know. */
  keptExports: string[];
  /** One sentence: what goes (and what stays). */
  summary: string;
}

/** A dataset's import as it was reported, from what the project stored. */
export interface StoredImport extends ImportResult {
  /** True when the import predates the stored report and parts of it were rebuilt from the data. */
  rebuilt: boolean;
}

export interface PackRequest {
  runId: number;
  /** The file to write (CLI); it must not exist yet. */
  out?: string;
  /** Or a folder to write `run.ewb` into (the app); default: a new `<dataset>-run<id>` folder of the exports folder. */
  outDir?: string;
}

export interface PackResult {
  type: 'result';
  runId: number;
  out: string;
  bytes: number;
  tables: number;
  vocabularies: number;
  /** SHA-256 of the run's tables, in name order: the same after unpacking, bit for bit. */
  tablesSha256: string;
}

export interface UnpackRequest {
  path: string;
}

export interface UnpackResult {
  type: 'result';
  runId: number;
  datasetId: number;
  dataset: string;
  /** False when the run joined a dataset of this project with the very same vocabularies. */
  createdDataset: boolean;
  tablesSha256: string;
  /** Said when something differs from the packing project (a dataset name taken, so renamed). */
  notes: string[];
}
