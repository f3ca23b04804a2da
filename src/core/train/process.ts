// Entry of a training process: one run, its own heap. Started by the supervisor as Electron's utilityProcess
// or a forked Node process; reads the dataset read-only and sends progress, checkpoints and the finished
// tables back (the supervisor is the one writer of the database).
import type { RunBackend, TrainerMessage, TrainerStart } from '../../shared';
import { toApiError } from '../../shared';
import { nodeEntry } from '../runtime';
import { loadInteractions, loadLabelledSequences, loadSequences } from '../store/datasets';
import type { TfjsRuntime } from '../tfjs/backend';
import { chooseEngine } from '../tfjs/engine';
import { runClassifier } from '../tfjs/runClassifier';
import { runTfjs } from '../tfjs/runTfjs';
import { openDb } from '../store/db';
import { buildInitialTables, coverageOf, type InitialTable } from './initTables';
import type { RunHooks, TrainOutput } from './runHooks';
import { runImplicit } from './runImplicit';
import { runWord2Vec, tableName } from './runWord2Vec';
import { trainMf } from './trainMf';

/** The result of a run with the coverage of its pre-trained tables (config.init) added. */
function withCoverage(out: TrainOutput, initial: Map<string, InitialTable>): TrainOutput {
  const init = coverageOf(initial);
  return init ? { ...out, outcome: { ...out.outcome, init } } : out;
}

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

/** A run on the tfjs engine (models.ts / runTfjs.ts, the classifier in runClassifier.ts). */
async function trainTfjs(start: TrainerStart, hooks: RunHooks, runtime: TfjsRuntime): Promise<TrainOutput> {
  const db = openDb(start.dbPath, { readonly: true });
  const { config } = start;
  try {
    if (config.model === 'classifier') {
      const data = loadLabelledSequences(db, start.datasetId);
      const initial = buildInitialTables(db, config, start.datasetId, () => data.rows);
      db.close();
      const init = initial.get(tableName(data.role));
      return withCoverage(await runClassifier(config, data, hooks, runtime, init), initial);
    }
    if (config.model === 'sgns') {
      const data = loadSequences(db, start.datasetId);
      const initial = buildInitialTables(db, config, start.datasetId, () => data.rows);
      db.close();
      return withCoverage(
        await runTfjs(config, { kind: 'sequences', data }, hooks, { runtime, init: Object.fromEntries(initial) }),
        initial,
      );
    }
    const data = loadInteractions(db, start.datasetId);
    const initial = buildInitialTables(db, config, start.datasetId, (role) =>
      role === 'user' ? data.numUsers : data.numItems,
    );
    db.close();
    const input = { kind: 'interactions' as const, data, ratingMin: start.ratingMin, ratingMax: start.ratingMax };
    return withCoverage(await runTfjs(config, input, hooks, { runtime, init: Object.fromEntries(initial) }), initial);
  } finally {
    if (db.open) db.close();
  }
}

async function train(start: TrainerStart, hooks: RunHooks): Promise<TrainOutput> {
  const db = openDb(start.dbPath, { readonly: true });
  const { config } = start;
  try {
    if (config.model === 'sgns' || config.model === 'cbow') {
      const data = loadSequences(db, start.datasetId);
      const initial = buildInitialTables(db, config, start.datasetId, () => data.rows);
      db.close();
      const name = tableName(data.role);
      const init = { input: initial.get(name), context: initial.get(`${name}.context`) };
      return withCoverage(await runWord2Vec(config, data, hooks, init), initial);
    }
    const data = loadInteractions(db, start.datasetId, config.threads > 1);
    const initial = buildInitialTables(db, config, start.datasetId, (role) =>
      role === 'user' ? data.numUsers : data.numItems,
    );
    db.close();
    const init = { users: initial.get('users'), items: initial.get('items') };
    if (config.model === 'implicit') return withCoverage(await runImplicit(config, data, hooks, init), initial);
    return withCoverage(
      await trainMf({ ...hooks, config, data, ratingMin: start.ratingMin, ratingMax: start.ratingMax, initial: init }),
      initial,
    );
  } finally {
    if (db.open) db.close();
  }
}

async function run(start: TrainerStart): Promise<void> {
  try {
    // The engine (`auto` resolved here, where the GPU is) and the backend, stored with the run before epoch 1.
    const choice = await chooseEngine(start.config);
    const backend: RunBackend = choice.runtime?.backend ?? 'cpu-engine';
    await send({ type: 'engine', engine: choice.engine, backend, reasons: choice.reasons });
    const hooks: RunHooks = {
      // Worker entries sit beside this file (source) or this bundle (electron-vite build).
      workerEntry: (name) => nodeEntry(import.meta.url, name),
      onEpoch: (metrics, examplesPerSecond) => void send({ type: 'epoch', metrics, examplesPerSecond }),
      onProgress: (p) => void send({ type: 'progress', ...p }),
      onCheckpoint: (epoch, tables) => void send({ type: 'checkpoint', epoch, tables }),
    };
    const { outcome, tables } = choice.runtime
      ? await trainTfjs(start, hooks, choice.runtime)
      : await train(start, hooks);
    const notes = [...choice.reasons];
    if (choice.engine === 'tfjs' && start.config.threads > 1)
      notes.push(`threads ${start.config.threads} ignored: TensorFlow.js schedules its own work`);
    const engineNotes = notes.length > 0 ? notes : undefined;
    await send({ type: 'done', outcome: { ...outcome, engine: choice.engine, backend, engineNotes }, tables });
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
