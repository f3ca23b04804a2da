// The one contract: every request channel with its request and response type, and every event.
// Electron IPC (preload/main), the HTTP bridge (server) and the renderer's api module all derive from it.
import type { AppInfo } from './app';
import type {
  BatchNeighborsRequest,
  BatchPredictRequest,
  BatchProgress,
  BatchRecommendRequest,
  BatchResult,
} from './batch';
import type { MapBookmark, SaveBookmarkRequest } from './bookmarks';
import type { CompareRequest, CompareResult } from './compare';
import type {
  DatasetSummary,
  FilePreview,
  ImportProgress,
  ImportRequest,
  ImportResult,
  PreviewRequest,
} from './datasets';
import type {
  AnalogyRequest,
  AnalogyResult,
  BiasesRequest,
  BiasesResult,
  EvaluateRequest,
  EvaluateResult,
  KeyRow,
  KeysRequest,
  NeighborsRequest,
  NeighborsResult,
  RecommendRequest,
  RecommendResult,
  TableInfo,
  TableInfoRequest,
} from './embeddings';
import type {
  ExportRecord,
  PackRequest,
  PackResult,
  RemovalReport,
  RemoveRequest,
  StoredImport,
  UnpackRequest,
  UnpackResult,
  UpdateDatasetRequest,
  UpdateRunRequest,
} from './project';
import type {
  ProjectRequest,
  ProjectResult,
  ProjectionAction,
  ProjectionPoints,
  ProjectionProgress,
} from './projections';
import type { PredictRequest, PredictResult, RunDetail, RunEvent, RunSummary } from './runs';
import type { SparkTrainRequest } from './spark';
import type { ExportRequest, ExportResult, ImportVectorsRequest, ImportVectorsResult } from './tables';
import type { TrainRequest } from './training/config';
import type { StudyDetail, StudyEvent, StudySummary, TuneRequest } from './tune';

export interface ApiSpec {
  'app:info': { req: void; res: AppInfo };
  'datasets:list': { req: void; res: DatasetSummary[] };
  'datasets:preview': { req: PreviewRequest; res: FilePreview };
  /** Resolves when the import is written; progress arrives as `imports:progress` events meanwhile. */
  'datasets:import': { req: ImportRequest; res: ImportResult };
  /** Stops the import with this `importId`; it then fails with `Cancelled` and writes nothing. */
  'datasets:cancelImport': { req: { importId: string }; res: { cancelled: boolean } };
  'runs:list': { req: void; res: RunSummary[] };
  'runs:get': { req: { runId: number }; res: RunDetail };
  /** Returns at once with the run id; progress arrives as `runs:progress` events. */
  'runs:start': { req: TrainRequest; res: { runId: number } };
  /**
   * Trains on Spark (MLlib ALS or Word2Vec, docs/spark.md): returns at once with the run id; progress as for
   * `runs:start`, cancel with `runs:cancel` (it kills the Spark driver).
   */
  'runs:startSpark': { req: SparkTrainRequest; res: { runId: number } };
  'runs:cancel': { req: { runId: number }; res: { cancelled: boolean } };
  /** Continues a cancelled, interrupted or failed run from its last stored epoch; progress as for `runs:start`. */
  'runs:resume': { req: { runId: number }; res: { runId: number } };
  /** Configs, metrics and curves of two or more runs; for two runs of one dataset, a stability report. */
  'runs:compare': { req: CompareRequest; res: CompareResult };
  /** A classifier run's predictions of a split written as CSV, with their metrics. */
  'runs:predict': { req: PredictRequest; res: PredictResult };
  'embeddings:keys': { req: KeysRequest; res: KeyRow[] };
  /** A table's training support (rows trained, never trained), what its counts count, and its genres. */
  'embeddings:tableInfo': { req: TableInfoRequest; res: TableInfo };
  'embeddings:neighbors': { req: NeighborsRequest; res: NeighborsResult };
  /** a − b + c and other vector arithmetic, 3CosAdd or 3CosMul, on any table. */
  'embeddings:analogy': { req: AnalogyRequest; res: AnalogyResult };
  'embeddings:export': { req: ExportRequest; res: ExportResult };
  /** Top-K items for a known user (seen items excluded, each explained), or for a new one by fold-in. */
  'embeddings:recommend': { req: RecommendRequest; res: RecommendResult };
  /** Word-analogy accuracy and word-similarity correlation of a run's table. */
  'embeddings:evaluate': { req: EvaluateRequest; res: EvaluateResult };
  /** The highest and lowest item biases of an mf run, with counts and a minimum-count filter. */
  'embeddings:biases': { req: BiasesRequest; res: BiasesResult };
  /** A 2-D map (PCA, UMAP or t-SNE) of a table, computed on a worker thread; `projections:progress` meanwhile. */
  'embeddings:project': { req: ProjectRequest; res: ProjectResult };
  /** Stops the projection with this `projectionId`; it then fails with `Cancelled`. */
  'embeddings:cancelProject': { req: { projectionId: string }; res: { cancelled: boolean } };
  /** Pauses, resumes or stops a running t-SNE or UMAP; stop answers its request with the layout as it is. */
  'embeddings:controlProject': {
    req: { projectionId: string; action: ProjectionAction };
    res: { applied: boolean };
  };
  /** The points a map request covers (keys and metadata, no coordinates), to draw its snapshots. */
  'embeddings:projectionPoints': {
    req: Pick<ProjectRequest, 'runId' | 'table' | 'limit' | 'includeSpecial' | 'minCount'>;
    res: ProjectionPoints;
  };
  /**
   * Imports a word2vec/GloVe file as a table (a run of model `imported`); resolves when written, with
   * `imports:progress` events meanwhile; `datasets:cancelImport` stops it.
   */
  'tables:import': { req: ImportVectorsRequest; res: ImportVectorsResult };
  /** Starts a study (trials are runs); returns at once, `studies:progress` events report each trial. */
  'studies:start': { req: TuneRequest; res: { studyId: number } };
  'studies:list': { req: void; res: StudySummary[] };
  /** A study with its trials, best config, option importances and cross-validation. */
  'studies:get': { req: { studyId: number }; res: StudyDetail };
  /** Stops a running study: its running trials are cancelled; it can be resumed. */
  'studies:cancel': { req: { studyId: number }; res: { cancelled: boolean } };
  /** Continues a cancelled or interrupted study where it stopped (its state is in the database). */
  'studies:resume': { req: { studyId: number }; res: { studyId: number } };
  /** Renames, annotates or tags a dataset (project.ts). */
  'datasets:update': { req: UpdateDatasetRequest; res: DatasetSummary };
  /** A dataset's import report as it was shown after the import. */
  'datasets:report': { req: { datasetId: number }; res: StoredImport };
  /** Removes a dataset or a run with what it takes along (its runs, their exports); `dryRun` only says what. */
  'project:remove': { req: RemoveRequest; res: RemovalReport };
  /** Renames, annotates or tags a run. */
  'runs:update': { req: UpdateRunRequest; res: RunSummary };
  /** The files and folders written for a run (exports, batch results, packs). */
  'runs:exports': { req: { runId: number }; res: ExportRecord[] };
  /** Writes a run with its dataset's vocabularies and mapping into one file another project can unpack. */
  'runs:pack': { req: PackRequest; res: PackResult };
  'runs:unpack': { req: UnpackRequest; res: UnpackResult };
  /** Top-K for every user, written as it goes; `batch:progress` events meanwhile, `batch:cancel` stops it. */
  'batch:recommend': { req: BatchRecommendRequest; res: BatchResult };
  'batch:neighbors': { req: BatchNeighborsRequest; res: BatchResult };
  'batch:predict': { req: BatchPredictRequest; res: BatchResult };
  /** Stops the batch with this id; it then fails with `Cancelled` and leaves no file. */
  'batch:cancel': { req: { batchId: string }; res: { cancelled: boolean } };
  /** The named map bookmarks of a run's table, oldest first. */
  'bookmarks:list': { req: { runId: number; table: string }; res: MapBookmark[] };
  /** Saves a map's state under a name (replacing a bookmark of that name on the same table). */
  'bookmarks:save': { req: SaveBookmarkRequest; res: MapBookmark };
  'bookmarks:delete': { req: { bookmarkId: number }; res: { deleted: boolean } };
}

export type Channel = keyof ApiSpec;
export type Req<C extends Channel> = ApiSpec[C]['req'];
export type Res<C extends Channel> = ApiSpec[C]['res'];

/** The list the preload and the HTTP bridge validate against: nothing else crosses. */
export const CHANNELS = [
  'app:info',
  'datasets:list',
  'datasets:preview',
  'datasets:import',
  'datasets:cancelImport',
  'runs:list',
  'runs:get',
  'runs:start',
  'runs:startSpark',
  'runs:cancel',
  'runs:resume',
  'runs:compare',
  'runs:predict',
  'embeddings:keys',
  'embeddings:tableInfo',
  'embeddings:neighbors',
  'embeddings:analogy',
  'embeddings:export',
  'embeddings:evaluate',
  'embeddings:biases',
  'embeddings:recommend',
  'embeddings:project',
  'embeddings:cancelProject',
  'embeddings:controlProject',
  'embeddings:projectionPoints',
  'tables:import',
  'studies:start',
  'studies:list',
  'studies:get',
  'studies:cancel',
  'studies:resume',
  'datasets:update',
  'datasets:report',
  'project:remove',
  'runs:update',
  'runs:exports',
  'runs:pack',
  'runs:unpack',
  'batch:recommend',
  'batch:neighbors',
  'batch:predict',
  'batch:cancel',
  'bookmarks:list',
  'bookmarks:save',
  'bookmarks:delete',
] as const satisfies readonly Channel[];

// Every channel of ApiSpec must be listed above; this line fails to compile when one is missing.
type Missing = Exclude<Channel, (typeof CHANNELS)[number]>;
export const CHANNELS_COMPLETE: Missing extends never ? true : never = true;

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export interface EventSpec {
  'runs:progress': RunEvent;
  'imports:progress': ImportProgress;
  'projections:progress': ProjectionProgress;
  'studies:progress': StudyEvent;
  'batch:progress': BatchProgress;
}
export type EventName = keyof EventSpec;
export const EVENTS = [
  'runs:progress',
  'imports:progress',
  'projections:progress',
  'studies:progress',
  'batch:progress',
] as const satisfies readonly EventName[];

/** What a backend implements: one async handler per channel. */
export type Handlers = { [C in Channel]: (req: Req<C>) => Promise<Res<C>> };

/** Where events go: Electron's webContents, the WebSocket clients, or the CLI's stdout. */
export type EventSink = <E extends EventName>(event: E, payload: EventSpec[E]) => void;

/** The renderer's view of the backend, identical in Electron and in browser mode. */
export interface ClientApi {
  invoke<C extends Channel>(channel: C, req: Req<C>): Promise<Res<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventSpec[E]) => void): () => void;
}

/** Electron only: the native open-file dialog (browser mode uploads the file instead). */
export const DIALOG_PICK_FILE = 'dialog:pickFile';
/** Electron only: the native save dialog, for a new folder to export into (browser mode downloads instead). */
export const DIALOG_PICK_EXPORT_DIR = 'dialog:pickExportDir';
/** The IPC channel main sends events on; the payload is `{ event, payload }`. */
export const EVENT_CHANNEL = 'events';
