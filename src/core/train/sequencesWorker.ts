// A short-lived worker thread that reads a dataset's sequences for a training run (sequencesApart.ts) and ends.
import { parentPort, workerData } from 'node:worker_threads';
import { toApiError } from '../../shared';
import { youngCollection } from '../runtime';
import { isWholeText, loadSequenceCounts, loadSequences } from '../store/datasets';
import { openDb } from '../store/db';
import type { SequencesRequest } from './sequencesApart';

const { dbPath, datasetId, form } = workerData as SequencesRequest;
try {
  const db = openDb(dbPath, { readonly: true });
  try {
    const collect = youngCollection();
    // Shared arrays: they outlive this thread without a copy.
    const columns =
      form === 'stored' && isWholeText(db, datasetId)
        ? loadSequenceCounts(db, dbPath, datasetId, collect)
        : loadSequences(db, datasetId, true, form !== 'ids', collect);
    parentPort!.postMessage({ columns });
  } finally {
    db.close();
  }
} catch (err) {
  parentPort!.postMessage({ error: toApiError(err) });
}
