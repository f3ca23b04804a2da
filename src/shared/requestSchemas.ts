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
import { CLASSIFIER_ENCODERS, EXPORT_FORMATS, METRICS, MODELS, PROJECTION_METHODS, VECTOR_FILE_FORMATS } from './index';

const readOptions = obj({
  format: opt(oneOf(['auto', 'csv', 'tsv', 'movielens', 'delimited', 'jsonl', 'text'] as const)),
  delimiter: opt(str()),
  hasHeader: opt(bool()),
  encoding: opt(oneOf(['utf8', 'latin1'] as const)),
});
const column = opt(str());
const mapping = obj({
  user: column,
  item: column,
  rating: column,
  weight: column,
  timestamp: column,
  session: column,
  event: opt(union(str(), arr(str()))),
  text: column,
  label: column,
  split: column,
  title: column,
  genres: column,
});
const fraction = opt(num());
const splitSpec = tagged('kind', [
  obj({ kind: oneOf(['random'] as const), valid: fraction, test: fraction }),
  obj({ kind: oneOf(['leaveLast'] as const), n: opt(int(1)) }),
  obj({ kind: oneOf(['chrono'] as const), valid: fraction, test: fraction }),
  obj({ kind: oneOf(['column'] as const) }),
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
    duplicates: opt(oneOf(['keep', 'last', 'average'] as const)),
    vocab: opt(obj({ user: vocabularyCut, item: vocabularyCut, event: vocabularyCut, word: vocabularyCut })),
    tokenizer: opt(obj({ lower: opt(bool()), filters: opt(str()), numWords: opt(int(0)) })),
    maxSequenceLength: opt(int(1)),
    sessionGapMinutes: opt(num()),
    items: opt(metadataFile),
    users: opt(metadataFile),
    importId: opt(str()),
  }),
);
const runId = int(0);
const count = opt(int(0));
const trainRequest = obj({
  dataset: str(),
  model: opt(oneOf(MODELS)),
  dim: opt(int(1)),
  epochs: opt(int(0)),
  lr: opt(num()),
  schedule: opt(oneOf(['constant', 'linear', 'adagrad'] as const)),
  seed: opt(int()),
  threads: opt(int(1)),
  patience: opt(int(0)),
  reg: opt(num()),
  regBias: opt(num()),
  loss: opt(oneOf(['bpr', 'warp'] as const)),
  threshold: opt(num()),
  k: opt(int(1)),
  window: opt(int(1)),
  negative: opt(int(0)),
  nsExponent: opt(num()),
  sample: opt(num()),
  minCount: opt(int(0)),
  maxLen: opt(int(1)),
  padding: opt(oneOf(['pre', 'post'] as const)),
  truncating: opt(oneOf(['pre', 'post'] as const)),
  encoder: opt(oneOf(CLASSIFIER_ENCODERS)),
  units: opt(int(1)),
  filters: opt(int(1)),
  kernelSize: opt(int(1)),
  hidden: opt(arr(int(1))),
  dropout: opt(num()),
  batchSize: opt(int(1)),
  engine: opt(oneOf(['auto', 'cpu', 'tfjs'] as const)),
  init: opt(record(obj({ runId, table: opt(str()), trainable: opt(bool()) }))),
});
const rowFilter = opt(obj({ genre: opt(str()), text: opt(str()) }));
const table = str();

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
  'runs:cancel': obj({ runId }),
  'runs:compare': obj({ runIds: arr(runId), table: opt(str()), sample: opt(int(1)), seed: opt(int()) }),
  'embeddings:keys': obj({ runId, table, query: opt(str()), limit: count }),
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
    method: opt(oneOf(['3CosAdd', '3CosMul'] as const)),
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
    k: opt(int(1)),
  }),
  'embeddings:project': obj({
    runId,
    table,
    method: oneOf(PROJECTION_METHODS),
    projectionId: opt(str()),
    limit: opt(int(1)),
    includeSpecial: opt(bool()),
    seed: opt(int()),
    perplexity: opt(num()),
    neighbors: opt(int(1)),
    minDist: opt(num()),
    epochs: opt(int(1)),
  }),
  'embeddings:cancelProject': obj({ projectionId: str() }),
  'tables:import': obj({
    path: path('read'),
    format: opt(oneOf(['auto', ...VECTOR_FILE_FORMATS] as const)),
    name: opt(str()),
    dataset: opt(str()),
    importId: opt(str()),
  }),
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
