// A short-lived worker thread that reads a dataset's sequences for a training run (sequencesApart.ts) and ends.
import { parentPort, workerData } from 'node:worker_threads';
import { toApiError } from '../../shared';
import { loadSequences } from '../store/datasets';
import { openDb } from '../store/db';
import type { SequencesRequest } from './sequencesApart';

const { dbPath, datasetId, pack } = workerData as SequencesRequest;
try {
  const db = openDb(dbPath, { readonly: true });
  try {
    // Shared arrays: they outlive this thread without a copy.
    parentPort!.postMessage({ columns: loadSequences(db, datasetId, true, pack) });
  } finally {
    db.close();
  }
} catch (err) {
  parentPort!.postMessage({ error: toApiError(err) });
}
