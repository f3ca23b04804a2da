// Entry of a training process: one run, its own heap. Started by the supervisor as Electron's utilityProcess
// or a forked Node process; reads the dataset read-only and sends epochs and the finished tables back.
import type { TrainerMessage, TrainerStart } from '../../shared';
import { toApiError } from '../../shared';
import { nodeEntry } from '../runtime';
import { loadInteractions } from '../store/datasets';
import { openDb } from '../store/db';
import { trainMf } from './trainer';

/** Electron's utilityProcess gives `process.parentPort`; a forked Node process has `process.send`. */
interface ParentPort {
  on(event: 'message', listener: (e: { data: TrainerStart }) => void): void;
  postMessage(message: TrainerMessage): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(message: TrainerMessage): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

async function run(start: TrainerStart): Promise<void> {
  try {
    const db = openDb(start.dbPath, { readonly: true });
    const data = loadInteractions(db, start.datasetId, start.config.threads > 1);
    db.close();
    const { outcome, tables } = await trainMf({
      config: start.config,
      data,
      ratingMin: start.ratingMin,
      ratingMax: start.ratingMax,
      workerEntry: nodeEntry(import.meta.url, 'mfWorker'),
      onEpoch: (metrics, examplesPerSecond) => send({ type: 'epoch', metrics, examplesPerSecond }),
    });
    send({ type: 'done', outcome, tables });
  } catch (err) {
    send({ type: 'error', error: toApiError(err) });
  }
  // Leave once the last message is flushed; the supervisor treats an exit without `done` as a failure.
  if (parentPort) process.exit(0);
  else process.disconnect?.();
}

if (parentPort) parentPort.on('message', (e) => void run(e.data));
else process.once('message', (msg: TrainerStart) => void run(msg));
