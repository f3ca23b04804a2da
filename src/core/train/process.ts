// Entry of a training process or thread: one run. Started by the supervisor as Electron's utilityProcess, a
// forked Node process or (the CLI) a worker thread (trainerPort.ts speaks each); reads the dataset read-only
// and sends progress, checkpoints and the finished tables back (the supervisor is the one writer of the database).
import type { ModelName, RunBackend, TrainerStart } from '../../shared';
import { MODEL_RULES, toApiError } from '../../shared';
import { nodeEntry } from '../runtime';
import { loadInteractions, loadLabelledSequences } from '../store/datasets';
import { openDb } from '../store/db';
import { loadFeatures } from '../store/features';
import { loadTabular } from '../store/tabular';
import type { InteractionData } from './input';
import { chooseEngine } from '../tfjs/engine';
import { applySplitOverrides } from './folds';
import { buildInitialTables, coverageOf, type InitialTable } from './initTables';
import type { InitialRows } from './initialRows';
import type { Db } from '../store/db';
import { getRun, loadTable } from '../store/runs';
import type { RunHooks } from './loop';
import { runOnSpark } from './sparkRun';
import { loadSequencesApart, type LoadedSequences } from './sequencesApart';
import type { FactoryInput } from './registry';
import { leave, onStart, send, sendCheckpoint, tablesOut } from './trainerPort';
import { trainModel } from './train';

/**
 * The run's data as its model trains on it (MODEL_RULES[model].data) and its pre-trained tables, read from the
 * database, which is closed again before training starts.
 */
function load(start: TrainerStart, sequences: LoadedSequences | null) {
  const { config } = start;
  const db = openDb(start.dbPath, { readonly: true });
  try {
    const kind = MODEL_RULES[config.model].data;
    const data =
      kind === 'interactions'
        ? {
            kind,
            columns: loadInteractions(db, start.datasetId, config.threads > 1),
            ratingMin: start.ratingMin,
            ratingMax: start.ratingMax,
            ...featuresOf(db, start),
          }
        : kind === 'sequences'
          ? { kind, columns: sequences! }
          : kind === 'tabular'
            ? { kind, columns: loadTabular(db, start.datasetId) }
            : { kind, columns: loadLabelledSequences(db, start.datasetId) };
    // Cross-validation folds or train + valid: the split column as this run sees it (folds.ts).
    applySplitOverrides(data.columns.splits, config, data.kind === 'interactions' ? data.columns.users : undefined);
    const rowsOf = (role: string): number =>
      data.kind === 'interactions'
        ? role === 'user'
          ? data.columns.numUsers
          : data.columns.numItems
        : data.kind === 'tabular'
          ? (data.columns.categories.find((c) => c.role === role)?.size ?? 2)
          : data.columns.rows;
    // A resumed run starts from its checkpoint (biases too); its pre-trained sources were laid on it already.
    const initial = start.resume
      ? checkpointTables(db, start)
      : buildInitialTables(db, config, start.datasetId, rowsOf);
    return { data, initial };
  } finally {
    db.close();
  }
}

/** The side features an mf or implicit run asked for (config.features), as its factory takes them. */
function featuresOf(db: Db, start: TrainerStart): { features?: InteractionData['features'] } {
  const use = 'features' in start.config ? start.config.features : 'none';
  if (use === 'none') return {};
  const want = (owner: 'item' | 'user') =>
    use === 'both' || use === `${owner}s` ? loadFeatures(db, start.datasetId, owner) : null;
  return { features: { item: want('item'), user: want('user') } };
}

/** The tables a run stored after its last finished epoch, as initial rows (frozen where config.init froze them). */
function checkpointTables(db: Db, start: TrainerStart): Map<string, InitialRows> {
  const out = new Map<string, InitialRows>();
  for (const { name } of getRun(db, start.runId).tables) {
    const t = loadTable(db, start.runId, name);
    const trainable = start.config.init?.[name]?.trainable !== false;
    out.set(name, { data: t.data, found: new Uint8Array(t.rows).fill(1), trainable, bias: t.bias ?? undefined });
  }
  return out;
}

async function run(start: TrainerStart): Promise<void> {
  try {
    // The engine (`auto` resolved here, where the GPU is) and the backend, stored with the run before epoch 1.
    const choice = await chooseEngine(start.config);
    const backend: RunBackend = choice.runtime?.backend ?? 'cpu-engine';
    await send({ type: 'engine', engine: choice.engine, backend, reasons: choice.reasons });
    // Sequences on a thread of their own (sequencesApart.ts). word2vec's CPU kernel reads a text corpus trained
    // whole from the database a chunk at a time (word2vecStored.ts), any other packed (half the memory); folds
    // deal sequences out of train. tf.js batches read ids.
    const sequences =
      MODEL_RULES[start.config.model].data === 'sequences'
        ? await loadSequencesApart(nodeEntry(import.meta.url, 'sequencesWorker'), {
            dbPath: start.dbPath,
            datasetId: start.datasetId,
            form: choice.engine !== 'cpu' ? 'ids' : start.config.folds ? 'packed' : 'stored',
          })
        : null;
    const { data, initial } = load(start, sequences);
    const hooks: RunHooks = {
      onEpoch: (metrics, examplesPerSecond) => void send({ type: 'epoch', metrics, examplesPerSecond }),
      onProgress: (p) => void send({ type: 'progress', ...p }),
      onCheckpoint: (epoch, tables) => sendCheckpoint(start.tablesDir, epoch, tables),
    };
    const input = {
      config: start.config,
      data,
      initial: Object.fromEntries(initial),
      // Worker entries sit beside this file (source) or this bundle (electron-vite build).
      workerEntry: (name: string) => nodeEntry(import.meta.url, name),
    } as FactoryInput<ModelName>;
    const { outcome, tables } = await trainModel(input, { ...hooks, runtime: choice.runtime, resume: start.resume });
    const notes = [...choice.reasons];
    if (choice.engine === 'tfjs' && start.config.threads > 1)
      notes.push(`threads ${start.config.threads} ignored: TensorFlow.js schedules its own work`);
    const init = start.resume ? undefined : coverageOf(initial as Map<string, InitialTable>);
    await send({
      type: 'done',
      outcome: {
        ...outcome,
        engine: choice.engine,
        backend,
        ...(notes.length > 0 ? { engineNotes: notes } : {}),
        ...(init ? { init } : {}),
      },
      tables: tablesOut(start.tablesDir, tables),
    });
  } catch (err) {
    await send({ type: 'error', error: toApiError(err) });
  }
  leave();
}

/** A Spark run trains on the cluster, not in the run loop: sparkRun.ts sends its messages. */
async function runSpark(start: TrainerStart): Promise<void> {
  try {
    await runOnSpark(start, send);
  } catch (err) {
    await send({ type: 'error', error: toApiError(err) });
  }
  leave();
}

const begin = (start: TrainerStart): void => void (start.spark ? runSpark(start) : run(start));
onStart(begin);
