// A short-lived worker thread that reads a dataset's sequences for a training run (sequencesApart.ts) and ends.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { toApiError } from '../../shared';
import { loadSequences } from '../store/datasets';
import { openDb } from '../store/db';
import type { SequencesRequest } from './sequencesApart';

// Each row read is a Buffer dead at once. V8's own scavenges left them to be freed late, and the freed memory of
// this thread's malloc arena stayed resident after it ended: 35 MB for 17M tokens. A young collection every few MB
// read frees them while the arena is still small. The flag set at run time exposes `gc` to contexts made after it.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options: { type: 'minor' }) => void;

const { dbPath, datasetId, pack } = workerData as SequencesRequest;
try {
  const db = openDb(dbPath, { readonly: true });
  try {
    // Shared arrays: they outlive this thread without a copy.
    const columns = loadSequences(db, datasetId, true, pack, () => gc({ type: 'minor' }));
    parentPort!.postMessage({ columns });
  } finally {
    db.close();
  }
} catch (err) {
  parentPort!.postMessage({ error: toApiError(err) });
}
