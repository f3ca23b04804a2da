// Reads a dataset's sequences on a worker thread of their own. Reading them leaves as much garbage as the corpus
// (better-sqlite3 gives each stored row as a new Buffer: 68 MB for 17M tokens), which V8 collects only when it
// next runs a collection; the tables allocated meanwhile came on top of it (+15 MiB at 5M tokens). Ending the
// thread frees it at once, provided nothing allocated after the rows outlives it (packedTokens.ts). The arrays
// come back shared (SharedArrayBuffer), not copied; only a packed corpus's few wide ids are copied.
import type { ApiError } from '../../shared';
import { WorkbenchError } from '../../shared';
import { startWorker, type NodeEntry } from '../runtime';
import type { PackedSequenceColumns, SequenceColumns } from '../store/datasets';

export interface SequencesRequest {
  dbPath: string;
  datasetId: number;
  /** Tokens packed (store/packedTokens.ts). */
  pack: boolean;
}

type Answer = { columns: SequenceColumns | PackedSequenceColumns } | { error: ApiError };

export function loadSequencesApart(
  entry: NodeEntry,
  request: SequencesRequest,
): Promise<SequenceColumns | PackedSequenceColumns> {
  const worker = startWorker(entry, request);
  return new Promise<SequenceColumns | PackedSequenceColumns>((resolve, reject) => {
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
