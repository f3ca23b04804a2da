// Reads a dataset's sequences on a worker thread of their own. Reading them leaves as much garbage as the corpus
// (better-sqlite3 gives each stored row as a new Buffer: 68 MB for 17M tokens), which V8 collects only when it
// next runs a collection; the tables allocated meanwhile came on top of it (+15 MiB at 5M tokens). Ending the
// thread frees it at once, provided nothing allocated after the rows outlives it (packedTokens.ts). The arrays
// come back shared (SharedArrayBuffer), not copied; only a packed corpus's few wide ids are copied.
import type { ApiError } from '../../shared';
import { WorkbenchError } from '../../shared';
import { startWorker, type NodeEntry } from '../runtime';
import type { PackedSequenceColumns, SequenceColumns, StoredSequenceColumns } from '../store/datasets';

export interface SequencesRequest {
  dbPath: string;
  datasetId: number;
  /**
   * `ids`: Int32 tokens; `packed`: tokens packed (store/packedTokens.ts); `stored`: a text corpus all in train
   * stays in the database (StoredSequenceColumns, word2vecStored.ts), any other is packed.
   */
  form: 'ids' | 'packed' | 'stored';
}

export type LoadedSequences = SequenceColumns | PackedSequenceColumns | StoredSequenceColumns;

type Answer = { columns: LoadedSequences } | { error: ApiError };

export function loadSequencesApart(entry: NodeEntry, request: SequencesRequest): Promise<LoadedSequences> {
  const worker = startWorker(entry, request);
  return new Promise<LoadedSequences>((resolve, reject) => {
    worker.once('message', (answer: Answer) => {
      if ('columns' in answer) resolve(answer.columns);
      else reject(new WorkbenchError(answer.error.code, answer.error.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new WorkbenchError('Internal', `the thread reading the sequences exited (${code})`)),
    );
  }).finally(() => void worker.terminate());
}
