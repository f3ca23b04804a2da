// Implicit-feedback training: BPR or WARP over (user, item) positives given as CSR per user, on one thread
// (reproducible with a seed) or Hogwild worker threads. Storage-independent: CSR in, factor tables out.
import { WorkbenchError } from '../../shared';
import { createRng, shuffle } from '../random';
import type { NodeEntry } from '../runtime';
import { InlineExecutor, WorkerExecutor, type ChunkExecutor } from './chunkPool';
import {
  runImplicitChunk,
  type ImplicitChunk,
  type ImplicitChunkResult,
  type ImplicitShared,
  type UserItems,
} from './implicitChunk';
import type { AdagradState, ImplicitModel } from './implicitKernel';
import { hashSeed } from './sampling';
import { applyInitialRows, isFrozen, type InitialRows } from './initialRows';

export interface ImplicitOptions {
  loss: 'bpr' | 'warp';
  dim: number;
  epochs: number;
  /** Adagrad's step size (LightFM's 0.05), or SGD's start value, decayed linearly. */
  lr: number;
  optimizer: 'adagrad' | 'sgd';
  reg: number;
  regBias: number;
  /** WARP: negatives drawn per positive before giving up (LightFM's max_sampled). */
  maxSampled: number;
  seed: number;
  threads: number;
  /** Pre-trained rows (config.init) applied over the initializer; `trainable: false` freezes the table. */
  initial?: { users?: InitialRows; items?: InitialRows };
}

export const IMPLICIT_DEFAULTS: Omit<ImplicitOptions, 'loss'> = {
  dim: 32,
  epochs: 20,
  lr: 0.05,
  optimizer: 'adagrad',
  reg: 1e-4,
  regBias: 1e-4,
  maxSampled: 10,
  seed: 1,
  threads: 1,
};

export interface ImplicitData extends UserItems {
  /** Rows of the tables (vocabulary sizes including PAD and OOV). */
  numUsers: number;
  numItems: number;
}

export interface ImplicitEpoch {
  epoch: number;
  /** Mean data loss per positive (BPR: −log σ(s_ui − s_uj); WARP: weighted hinge, 0 without a violator). */
  loss: number;
  /** Share of positives that got an update (WARP finds no violator for well-ranked ones). */
  updated: number;
  seconds: number;
  pairsPerSecond: number;
  /** What `validate` returned, when given. */
  score?: number;
}

export interface ImplicitHooks {
  /** After each epoch; `model()` copies the tables as they are now (for a checkpoint). */
  onEpoch?: (e: ImplicitEpoch, model: () => ImplicitModel) => void;
  /** Checked after each epoch: true ends training early (the best epoch is still the one returned). */
  earlyStop?: (bestEpoch: number, epoch: number) => boolean;
  /** A validation score (higher is better, e.g. Recall@10); the best epoch's tables are kept and returned. */
  validate?: (model: ImplicitModel) => number;
  shouldStop?: () => boolean;
  /** `nodeEntry(import.meta.url, '…/implicitWorker')`, needed when threads > 1. */
  workerEntry?: NodeEntry;
}

export interface ImplicitResult {
  model: ImplicitModel;
  epochs: ImplicitEpoch[];
  bestEpoch: number;
}

const CHUNK_PAIRS = 20000;

/** Factors uniform in (−0.5/dim, 0.5/dim) as LightFM, biases 0; PAD and OOV rows zero. */
export function initImplicit(numUsers: number, numItems: number, dim: number, seed: number, shared: boolean) {
  const alloc = (n: number, fill = 0): Float32Array =>
    new Float32Array(shared ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4)).fill(fill);
  const rng = createRng(seed);
  const model: ImplicitModel = {
    dim,
    numUsers,
    numItems,
    users: alloc(numUsers * dim),
    items: alloc(numItems * dim),
    itemBias: alloc(numItems),
  };
  for (let k = 2 * dim; k < model.users.length; k++) model.users[k] = (rng() - 0.5) / dim;
  for (let k = 2 * dim; k < model.items.length; k++) model.items[k] = (rng() - 0.5) / dim;
  const adagrad = (): AdagradState => ({
    users: alloc(numUsers * dim, 1),
    items: alloc(numItems * dim, 1),
    itemBias: alloc(numItems, 1),
  });
  return { model, adagrad };
}

/** A copy with each user's items sorted and deduplicated, dropping PAD/OOV users and items. */
export function normalizePositives(data: ImplicitData): UserItems {
  const indptr = new Int32Array(data.numUsers + 1);
  const out: number[] = [];
  for (let u = 0; u < data.numUsers; u++) {
    indptr[u] = out.length;
    if (u >= 2 && u + 1 < data.indptr.length) {
      const row = Array.from(data.items.subarray(data.indptr[u]!, data.indptr[u + 1]!)).filter(
        (i) => i >= 2 && i < data.numItems,
      );
      row.sort((a, b) => a - b);
      for (let n = 0; n < row.length; n++) if (n === 0 || row[n] !== row[n - 1]) out.push(row[n]!);
    }
  }
  indptr[data.numUsers] = out.length;
  return { indptr, items: Int32Array.from(out) };
}

function sharedCopy(a: Int32Array): Int32Array {
  const out = new Int32Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

function copyModel(m: ImplicitModel): ImplicitModel {
  return {
    ...m,
    users: Float32Array.from(m.users),
    items: Float32Array.from(m.items),
    itemBias: Float32Array.from(m.itemBias),
  };
}

export async function trainImplicit(
  data: ImplicitData,
  options: ImplicitOptions,
  hooks: ImplicitHooks = {},
): Promise<ImplicitResult> {
  const o = options;
  for (const [name, v] of [
    ['dim', o.dim],
    ['epochs', o.epochs],
    ['threads', o.threads],
    ['maxSampled', o.maxSampled],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new WorkbenchError('BadRequest', `${name} must be an integer ≥ 1 (got ${v})`);
  }
  if (!(o.lr > 0)) throw new WorkbenchError('BadRequest', `lr must be > 0 (got ${o.lr})`);
  if (data.numItems < 4) throw new WorkbenchError('DatasetInvalid', 'implicit training needs at least 2 items');
  const threads = o.threads;
  if (threads > 1 && !hooks.workerEntry) throw new Error('threads > 1 needs the worker entry');
  const multi = threads > 1;
  let positives = normalizePositives(data);
  const pairs = positives.items.length;
  if (pairs === 0) throw new WorkbenchError('DatasetInvalid', 'there are no positive interactions to train on');
  let pairUser: Int32Array = new Int32Array(pairs);
  for (let u = 0; u < data.numUsers; u++) pairUser.fill(u, positives.indptr[u]!, positives.indptr[u + 1]!);
  let order: Int32Array = Int32Array.from({ length: pairs }, (_, n) => n);
  if (multi) {
    positives = { indptr: sharedCopy(positives.indptr), items: sharedCopy(positives.items) };
    pairUser = sharedCopy(pairUser);
    order = sharedCopy(order);
  }
  const { model, adagrad } = initImplicit(data.numUsers, data.numItems, o.dim, o.seed, multi);
  applyInitialRows(model.users, o.dim, o.initial?.users);
  applyInitialRows(model.items, o.dim, o.initial?.items);
  model.frozenUsers = isFrozen(o.initial?.users);
  model.frozenItems = isFrozen(o.initial?.items);
  const shared: ImplicitShared = {
    model,
    adagrad: o.optimizer === 'adagrad' ? adagrad() : null,
    positives,
    pairUser,
    order,
    loss: o.loss,
    maxSampled: o.maxSampled,
    lr: o.lr,
    decay: o.optimizer === 'sgd',
    reg: o.reg,
    regBias: o.regBias,
    epochs: o.epochs,
  };
  const executor: ChunkExecutor<ImplicitChunk, ImplicitChunkResult> = multi
    ? new WorkerExecutor(hooks.workerEntry!, threads, () => shared)
    : new InlineExecutor((c: ImplicitChunk) => runImplicitChunk(shared, c));
  const rng = createRng(hashSeed(o.seed, 0x5eed));
  const epochs: ImplicitEpoch[] = [];
  let best: { epoch: number; score: number; model: ImplicitModel } | null = null;
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      shuffle(order, rng);
      const tasks: ImplicitChunk[] = [];
      for (let start = 0, c = 0; start < pairs; start += CHUNK_PAIRS, c++) {
        tasks.push({
          start,
          end: Math.min(pairs, start + CHUNK_PAIRS),
          epoch: epoch - 1,
          seed: hashSeed(o.seed, epoch, c),
        });
      }
      const t0 = performance.now();
      const sum = { loss: 0, updates: 0 };
      await executor.run(
        tasks,
        (r) => {
          sum.loss += r.loss;
          sum.updates += r.updates;
        },
        hooks.shouldStop,
      );
      const seconds = (performance.now() - t0) / 1000;
      const loss = sum.loss / pairs;
      if (!Number.isFinite(loss)) {
        throw new WorkbenchError(
          'TrainingDiverged',
          `the training loss became ${loss} in epoch ${epoch}; lower the learning rate (now ${o.lr})`,
        );
      }
      const e: ImplicitEpoch = { epoch, loss, updated: sum.updates / pairs, seconds, pairsPerSecond: pairs / seconds };
      if (hooks.validate) {
        e.score = hooks.validate(model);
        if (best === null || e.score > best.score) best = { epoch, score: e.score, model: copyModel(model) };
      }
      epochs.push(e);
      hooks.onEpoch?.(e, () => copyModel(model));
      if (hooks.earlyStop?.(best?.epoch ?? epoch, epoch)) break;
    }
  } finally {
    await executor.close();
  }
  return best
    ? { model: best.model, epochs, bestEpoch: best.epoch }
    : { model: copyModel(model), epochs, bestEpoch: o.epochs };
}
