// One schema per channel's request, checked at every boundary (the HTTP bridge, Electron's IPC handlers) before
// a handler runs: `null` or a wrong type is a BadRequest naming the field, never an Internal error. The line
// at the end proves at compile time that each schema describes exactly the contract's request type.
import type { Channel, Req } from './channels';
import { WorkbenchError } from './errors';
import {
  arr,
  bool,
  filePaths,
  firstProblem,
  int,
  merge,
  none,
  num,
  obj,
  oneOf,
  opt,
  path,
  record,
  str,
  tagged,
  union,
  type Infer,
  type PathUse,
  type Schema,
} from './schema';
import { DUPLICATE_POLICIES, ENCODINGS, FEATURE_OWNERS, FORMAT_CHOICES } from './datasets';
import { ANALOGY_METHODS, METRICS } from './embeddings';
import { LAYOUT_INITS, PROJECTION_ACTIONS, PROJECTION_METHODS, TSNE_GRADIENTS } from './projections';
import { EXPORT_FORMATS, VECTOR_FILE_FORMATS } from './tables';
import { PREDICT_SPLITS } from './runs';
import { BATCH_FORMATS } from './batch';
import {
  FOLD_BY,
  MODELS,
  OPTION_KEYS,
  OPTION_RULES,
  type OptionRule,
  type SearchSpace,
  type TrainRequest,
} from './training';
import { DIRECTIONS, PRUNERS, SAMPLERS, type TrainOptions } from './tune';

const bookmarkState = obj({
  settings: obj({
    method: oneOf(PROJECTION_METHODS),
    limit: opt(int(1)),
    seed: int(),
    perplexity: num(),
    theta: num(),
    exaggeration: num(),
    iterations: int(1),
    gradient: oneOf(TSNE_GRADIENTS),
    init: oneOf(LAYOUT_INITS),
    neighbors: int(1),
    minDist: num(),
    includeSpecial: bool(),
  }),
  minCount: int(0),
  colorBy: str(),
  labelTop: int(0),
  zoom: opt(obj({ x0: num(), x1: num(), y0: num(), y1: num() })),
  focusKey: opt(str()),
  filter: opt(obj({ field: str(), value: str() })),
  query: opt(str()),
  searchOnly: opt(bool()),
});

const readOptions = obj({
  format: opt(oneOf(FORMAT_CHOICES)),
  delimiter: opt(str()),
  hasHeader: opt(bool()),
  encoding: opt(oneOf(ENCODINGS)),
});
const column = opt(str());
const columns = opt(union(str(), arr(str())));
const mapping = obj({
  user: column,
  item: column,
  rating: column,
  weight: column,
  timestamp: column,
  session: column,
  event: columns,
  text: column,
  label: column,
  split: column,
  title: column,
  genres: column,
  category: columns,
  numeric: columns,
  target: column,
});
const fraction = opt(num());
const splitSpec = tagged('kind', [
  obj({ kind: oneOf(['random'] as const), valid: fraction, test: fraction }),
  obj({ kind: oneOf(['leaveLast'] as const), n: opt(int(1)) }),
  obj({ kind: oneOf(['chrono'] as const), valid: fraction, test: fraction }),
  obj({ kind: oneOf(['column'] as const) }),
  obj({ kind: oneOf(['coldItems'] as const), items: fraction, valid: fraction, test: fraction }),
]);
const vocabularyCut = opt(obj({ minCount: opt(int(0)), maxSize: opt(int(0)) }));
const metadataFile = merge(
  readOptions,
  obj({ path: path('read'), key: opt(str()), title: opt(str()), genres: opt(str()) }),
);
const importRequest = merge(
  readOptions,
  obj({
    path: path('read'),
    name: opt(str()),
    mapping: opt(mapping),
    seed: opt(int()),
    split: opt(splitSpec),
    duplicates: opt(oneOf(DUPLICATE_POLICIES)),
    vocab: opt(
      obj({
        user: vocabularyCut,
        item: vocabularyCut,
        event: vocabularyCut,
        word: vocabularyCut,
        category: vocabularyCut,
      }),
    ),
    columnVocab: opt(record(obj({ minCount: opt(int(0)), maxSize: opt(int(0)) }))),
    tokenizer: opt(obj({ lower: opt(bool()), filters: opt(str()), numWords: opt(int(0)) })),
    maxSequenceLength: opt(int(1)),
    sessionGapMinutes: opt(num()),
    items: opt(metadataFile),
    users: opt(metadataFile),
    features: opt(
      arr(merge(readOptions, obj({ path: path('read'), of: oneOf(FEATURE_OWNERS), key: str(), columns: arr(str()) }))),
    ),
    importId: opt(str()),
  }),
);
const runId = int(0);
const count = opt(int(0));
/** Each training option's type, read off its rule (the ranges are checked by the training rules after this). */
const optionSchema = (rule: OptionRule): Schema<unknown> =>
  rule.kind === 'choice'
    ? oneOf(rule.values)
    : rule.kind === 'list'
      ? arr(int())
      : rule.kind === 'keyed'
        ? record(int())
        : rule.integer
          ? int()
          : num();
// Generated from the rules table, so a new option needs no line here; its static type is the contract's own.
const trainOptions = obj({
  ...Object.fromEntries(OPTION_KEYS.map((key) => [key, opt(optionSchema(OPTION_RULES[key]))])),
  init: opt(record(obj({ runId, table: opt(str()), trainable: opt(bool()) }))),
  folds: opt(obj({ k: int(2), fold: int(0), by: oneOf(FOLD_BY), seed: int() })),
  trainOnValid: opt(bool()),
}) as unknown as Schema<TrainOptions>;
const trainRequest = merge(
  obj({ dataset: str(), model: opt(oneOf(MODELS)) }),
  trainOptions,
) as unknown as Schema<TrainRequest>;
/**
 * A Spark run: spark-submit is a program this machine runs, so it is a path the front end confines like any file
 * it reads (from the command line it is free); `--conf` entries are checked by the handler (frontEndConfProblem).
 */
const sparkTrainRequest = obj({
  train: trainRequest,
  spark: obj({
    master: str(),
    sparkSubmit: opt(path('read')),
    conf: opt(arr(str())),
    stage: opt(str()),
    keepStage: opt(bool()),
    alpha: opt(num()),
    numPartitions: opt(int(1)),
  }),
});
const searchValue = union(num(), str());
const dimension = tagged('kind', [
  obj({ kind: oneOf(['choice'] as const), values: arr(searchValue) }),
  obj({ kind: oneOf(['range'] as const), low: num(), high: num(), log: bool(), integer: bool() }),
]);
const space = obj(
  Object.fromEntries(OPTION_KEYS.map((key) => [key, opt(dimension)])),
) as unknown as Schema<SearchSpace>;
const tuneRequest = obj({
  dataset: str(),
  model: oneOf(MODELS),
  fixed: opt(trainOptions),
  space: opt(space),
  objective: opt(str()),
  direction: opt(oneOf(DIRECTIONS)),
  analogies: opt(path('read')),
  trials: opt(int(0)),
  minutes: opt(num()),
  sampler: opt(oneOf(SAMPLERS)),
  pruner: opt(oneOf(PRUNERS)),
  parallel: opt(int(1)),
  seed: opt(int()),
  defaultsTrial: opt(bool()),
  crossValidate: opt(
    obj({
      k: int(2),
      by: opt(oneOf(FOLD_BY)),
      top: opt(int(0)),
      candidates: opt(arr(obj({ label: str(), options: trainOptions }))),
    }),
  ),
});
const studyId = int(0);
const rowFilter = opt(obj({ genre: opt(str()), text: opt(str()), minCount: count, fromFeatures: opt(bool()) }));
const table = str();
const annotation = {
  name: opt(str()),
  note: opt(str()),
  addTags: opt(arr(str())),
  removeTags: opt(arr(str())),
};
const batchOutput = {
  format: opt(oneOf(BATCH_FORMATS)),
  out: opt(path('write')),
  outDir: opt(path('write')),
  overwrite: opt(bool()),
  batchId: opt(str()),
};

/** The schema of every channel's request. */
export const REQUEST_SCHEMAS = {
  'app:info': none(),
  'datasets:list': none(),
  'datasets:preview': merge(readOptions, obj({ path: path('read') })),
  'datasets:import': importRequest,
  'datasets:cancelImport': obj({ importId: str() }),
  'runs:list': none(),
  'runs:get': obj({ runId }),
  'runs:start': trainRequest,
  'runs:startSpark': sparkTrainRequest,
  'runs:cancel': obj({ runId }),
  'runs:resume': obj({ runId }),
  'runs:predict': obj({ runId, split: opt(oneOf(PREDICT_SPLITS)), out: path('write'), overwrite: opt(bool()) }),
  'runs:compare': obj({ runIds: arr(runId), table: opt(str()), sample: opt(int(1)), seed: opt(int()) }),
  'embeddings:keys': obj({ runId, table, query: opt(str()), limit: count }),
  'embeddings:tableInfo': obj({ runId, table }),
  'embeddings:neighbors': obj({
    runId,
    table,
    key: str(),
    k: opt(int(1)),
    metric: opt(oneOf(METRICS)),
    filter: rowFilter,
    approximate: opt(bool()),
  }),
  'embeddings:analogy': obj({
    runId,
    table,
    positive: arr(str()),
    negative: arr(str()),
    k: opt(int(1)),
    method: opt(oneOf(ANALOGY_METHODS)),
    filter: rowFilter,
  }),
  'embeddings:export': obj({
    runId,
    table,
    format: oneOf(EXPORT_FORMATS),
    outDir: opt(path('write')),
    includeSpecial: opt(bool()),
    includeBias: opt(bool()),
    neutralizeFormulas: opt(bool()),
    overwrite: opt(bool()),
    onlyTrained: opt(bool()),
  }),
  'embeddings:evaluate': obj({
    runId,
    table: opt(str()),
    analogies: opt(path('read')),
    similarity: opt(path('read')),
    restrict: opt(int(1)),
  }),
  'embeddings:biases': obj({ runId, table: opt(str()), top: opt(int(1)), minCount: count }),
  'embeddings:recommend': obj({
    runId,
    user: opt(str()),
    items: opt(arr(obj({ key: str(), rating: opt(num()) }))),
    userFeatures: opt(arr(obj({ column: str(), value: str() }))),
    k: opt(int(1)),
    filter: rowFilter,
  }),
  'embeddings:project': obj({
    runId,
    table,
    method: oneOf(PROJECTION_METHODS),
    projectionId: opt(str()),
    limit: opt(int(1)),
    includeSpecial: opt(bool()),
    minCount: count,
    seed: opt(int()),
    perplexity: opt(num()),
    theta: opt(num()),
    exaggeration: opt(num()),
    iterations: opt(int(1)),
    gradient: opt(oneOf(TSNE_GRADIENTS)),
    init: opt(oneOf(LAYOUT_INITS)),
    neighbors: opt(int(1)),
    minDist: opt(num()),
    epochs: opt(int(1)),
    threads: opt(int(1)),
    snapshots: opt(bool()),
    cache: opt(bool()),
  }),
  'embeddings:cancelProject': obj({ projectionId: str() }),
  'embeddings:controlProject': obj({ projectionId: str(), action: oneOf(PROJECTION_ACTIONS) }),
  'embeddings:projectionPoints': obj({
    runId,
    table,
    limit: opt(int(1)),
    includeSpecial: opt(bool()),
    minCount: count,
  }),
  'tables:import': obj({
    path: path('read'),
    format: opt(oneOf(['auto', ...VECTOR_FILE_FORMATS] as const)),
    name: opt(str()),
    dataset: opt(str()),
    importId: opt(str()),
  }),
  'studies:start': tuneRequest,
  'studies:list': none(),
  'studies:get': obj({ studyId }),
  'studies:cancel': obj({ studyId }),
  'studies:resume': obj({ studyId }),
  'datasets:update': obj({ datasetId: int(0), ...annotation }),
  'datasets:report': obj({ datasetId: int(0) }),
  'project:remove': obj({ datasetId: opt(int(0)), runId: opt(runId), dryRun: opt(bool()) }),
  'runs:update': obj({ runId, ...annotation }),
  'runs:exports': obj({ runId }),
  'runs:pack': obj({ runId, out: opt(path('write')), outDir: opt(path('write')) }),
  'runs:unpack': obj({ path: path('read') }),
  'batch:recommend': obj({ runId, k: opt(int(1)), filter: rowFilter, ...batchOutput }),
  'batch:neighbors': obj({
    runId,
    table,
    k: opt(int(1)),
    metric: opt(oneOf(METRICS)),
    filter: rowFilter,
    approximate: opt(bool()),
    ...batchOutput,
  }),
  'batch:predict': obj({ runId, path: path('read'), read: opt(readOptions), ...batchOutput }),
  'batch:cancel': obj({ batchId: str() }),
  'bookmarks:list': obj({ runId, table }),
  'bookmarks:save': obj({ runId, table, name: str(), state: bookmarkState }),
  'bookmarks:delete': obj({ bookmarkId: int(1) }),
} satisfies { [C in Channel]: Schema<unknown> };

// Each schema's type must be the contract's request type exactly (fields, optionality, literals): a change to
// one without the other names the channel here and fails to compile.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Mismatched<C extends Channel> = C extends unknown
  ? Same<Infer<(typeof REQUEST_SCHEMAS)[C]>, Req<C>> extends true
    ? never
    : C
  : never;
export const REQUEST_SCHEMAS_MATCH: [Mismatched<Channel>] extends [never]
  ? true
  : `the schema differs from the contract for ${Mismatched<Channel>}` = true;

/** The request as the handler may take it; a BadRequest naming the channel and the field otherwise. */
export function checkRequest<C extends Channel>(channel: C, body: unknown): Req<C> {
  const problem = firstProblem(REQUEST_SCHEMAS[channel].node, body);
  if (problem) throw new WorkbenchError('BadRequest', `${channel}: ${problem}`);
  return (body ?? undefined) as Req<C>;
}

/** The file paths a checked request names, and whether the backend reads them or writes into them. */
export function requestPaths(channel: Channel, req: unknown): { at: string; use: PathUse; value: string }[] {
  return filePaths(REQUEST_SCHEMAS[channel].node, req);
}
