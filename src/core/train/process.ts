// Entry of a training process: one run, its own heap. Started by the supervisor as Electron's utilityProcess
// or a forked Node process; reads the dataset read-only and sends progress, checkpoints and the finished
// tables back (the supervisor is the one writer of the database).
import type { TrainerMessage, TrainerStart } from '../../shared';
import { toApiError } from '../../shared';
import { nodeEntry } from '../runtime';
import { loadInteractions, loadSequences } from '../store/datasets';
import { openDb } from '../store/db';
import type { RunHooks, TrainOutput } from './runHooks';
import { runImplicit } from './runImplicit';
import { runWord2Vec } from './runWord2Vec';
import { trainMf } from './trainMf';

/** Electron's utilityProcess gives `process.parentPort`; a forked Node process has `process.send`. */
interface ParentPort {
  on(event: 'message', listener: (e: { data: TrainerStart }) => void): void;
  postMessage(message: TrainerMessage): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

/** Resolves once a forked process's message is flushed to the pipe (a large table can take a while). */
function send(message: TrainerMessage): Promise<void> {
  if (parentPort) {
    parentPort.postMessage(message);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    if (!process.send) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

async function train(start: TrainerStart, hooks: RunHooks): Promise<TrainOutput> {
  const db = openDb(start.dbPath, { readonly: true });
  const { config } = start;
  try {
    if (config.model === 'sgns' || config.model === 'cbow') {
      const data = loadSequences(db, start.datasetId);
      db.close();
      return await runWord2Vec(config, data, hooks);
    }
    const data = loadInteractions(db, start.datasetId, config.threads > 1);
    db.close();
    if (config.model === 'implicit') return await runImplicit(config, data, hooks);
    return await trainMf({ ...hooks, config, data, ratingMin: start.ratingMin, ratingMax: start.ratingMax });
  } finally {
    if (db.open) db.close();
  }
}

async function run(start: TrainerStart): Promise<void> {
  try {
    const { outcome, tables } = await train(start, {
      // Worker entries sit beside this file (source) or this bundle (electron-vite build).
      workerEntry: (name) => nodeEntry(import.meta.url, name),
      onEpoch: (metrics, examplesPerSecond) => void send({ type: 'epoch', metrics, examplesPerSecond }),
      onProgress: (p) => void send({ type: 'progress', ...p }),
      onCheckpoint: (epoch, tables) => void send({ type: 'checkpoint', epoch, tables }),
    });
    await send({ type: 'done', outcome, tables });
  } catch (err) {
    await send({ type: 'error', error: toApiError(err) });
  }
  // Messages go out in order, so once the last one is flushed all are. Leaving earlier would drop queued
  // messages (a large table). Electron's port has no flush callback: there the supervisor ends the process
  // when it has the result.
  if (!parentPort) process.disconnect?.();
}

if (parentPort) parentPort.on('message', (e) => void run(e.data));
else process.once('message', (msg: TrainerStart) => void run(msg));
