/**
 * The tfjs engine: trains `mf`, `implicit` (BPR) and `sgns` as Keras-style layers models (models.ts) on the
 * backend `loadTfjs` picks, with the CPU engine's contract: the same RunHooks events (progress about once a
 * second from `onBatchEnd`, an epoch event from `onEpochEnd` with the same metric names, a checkpoint per
 * epoch), early stopping on the validation score keeping the best epoch's tables, `TrainingDiverged` on a
 * non-finite loss, and tables named and shaped as the CPU engine's (`users`, `items` with their biases beside;
 * `words` and `words.context`, or `items`/`events` for behaviour sequences).
 *
 * How the options map (docs/training.md, "Engines"):
 * - losses are sums over the batch, so `lr` is the step of one example as on the CPU engine (SGD; Adagrad for
 *   implicit's default schedule); `linear` decays it as the CPU engine does;
 * - `reg`/`regBias` (½λ‖row‖² per example on the CPU engine) become Keras `l2` on the whole table, scaled by
 *   batch / rows in training so that one epoch's total penalty matches on average;
 * - `threads` is ignored: TensorFlow.js schedules its own work;
 * - initial tables come from the CPU engine's initialisers (same seed ⇒ the same start on every backend),
 *   then pre-trained rows (`init`) on top; a frozen table is an `Embedding` with `trainable: false`.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { EpochMetrics, SplitMetrics, SplitName, TableTransfer, TrainConfig } from '../../shared';
import { WorkbenchError } from '../../shared';
import { factorScorer, namedMetrics, popularityScorer, rankingMetrics, type UserItemsCsr } from '../eval/ranking';
import { nextItemHitRate } from '../eval/nextItem';
import { createRng, shuffle } from '../random';
import type { InteractionColumns, SequenceColumns } from '../store/datasets';
import { initImplicit } from '../train/implicit';
import { applyInitialRows, type InitialRows } from '../train/initialRows';
import { errorStats, initMf, predict, sgdRange, type MfParams } from '../train/mf';
import { eta, rowsOfSplit, SPLIT_NAMES, type RunHooks, type TrainOutput } from '../train/runHooks';
import { csrByUser } from '../train/runImplicit';
import { corpusOf, tableName, trainingCorpus } from '../train/runWord2Vec';
import { aliasDraw, aliasTable, hashSeed, keepThresholds, unigramWeights, xorshift32 } from '../train/sampling';
import { initWord2Vec } from '../train/sgns';
import { loadTfjs, type BackendName, type Tf, type TfjsRuntime } from './backend';
import { buildBpr, buildMf, buildSgns, readTable, type BuiltModel, type TableOptions } from './models';

export type TfjsInput =
  | { kind: 'interactions'; data: InteractionColumns; ratingMin: number; ratingMax: number }
  | { kind: 'sequences'; data: SequenceColumns };

export interface TfjsRunOptions {
  /** A loaded runtime (tests and benchmarks force a backend); default `loadTfjs()`. */
  runtime?: TfjsRuntime;
  /** Pre-trained rows per table name (`users`, `items`, `words`, `words.context` …). */
  init?: Partial<Record<string, InitialRows>>;
  /** Examples (mf, implicit) or (word, context) pairs (sgns) per batch. */
  batchSize?: number;
  /** Milliseconds between progress events (default 1000, as the CPU engine's "about once a second"). */
  progressEveryMs?: number;
}

export interface TfjsOutput extends TrainOutput {
  backend: BackendName;
  reasons: string[];
}

const PROGRESS_MS = 1000;
export const TFJS_BATCH = { mf: 512, implicit: 512, sgns: 1024 } as const;
const TFJS_MODELS = ['mf', 'implicit', 'sgns'] as const;
export type TfjsModel = (typeof TFJS_MODELS)[number];
export const isTfjsModel = (m: string): m is TfjsModel => (TFJS_MODELS as readonly string[]).includes(m);

/** One batch as fitDataset takes it: inputs in the model's input order (names get suffixes), and the targets. */
interface Batch {
  xs: Tensor[];
  ys: Tensor;
}

/** Makes the batches of one epoch; `done` counts the examples (or words, for sgns) consumed so far. */
interface EpochSource {
  next(): Batch | null;
  done(): number;
}

interface EpochReport {
  epoch: number;
  loss: number;
  seconds: number;
  trainSeconds: number;
}

interface Driver {
  built: BuiltModel;
  config: TrainConfig;
  hooks: RunHooks;
  optimizer: ReturnType<Tf['train']['sgd']> | ReturnType<Tf['train']['adagrad']>;
  /** Examples (or words) per epoch: progress fractions and speed. */
  perEpoch: number;
  /** Loss terms per example (sgns: 1 + negative per pair): the epoch loss is per term, as on the CPU engine. */
  lossPerExample: number;
  source: (epoch: number) => EpochSource;
  /** Learning rate for a point of the run (epoch from 1, fraction of that epoch); null keeps it. */
  lrAt?: (epoch: number, fraction: number) => number;
  progressEveryMs: number;
  /** After each epoch's fit: metrics, checkpoint, early stopping. Returns true to stop. */
  afterEpoch: (r: EpochReport) => boolean;
}

/** Fits the model epoch by epoch through fitDataset with callbacks (throttled progress, per-epoch metrics). */
async function drive(d: Driver): Promise<void> {
  const { built, config, hooks } = d;
  let epoch = 1;
  let epochStart = 0;
  let trainEnd = 0;
  let lossSum = 0;
  let examples = 0;
  let lastProgress = 0;
  let current: EpochSource | null = null;
  let diverged: number | null = null;
  const total = d.perEpoch * config.epochs;
  const model: LayersModel = built.model;
  const dataset = {
    // Batches per epoch vary (sgns); Infinity tells fitDataset not to count them.
    size: Infinity,
    iterator: async () => ({
      next: async (): Promise<IteratorResult<Batch>> => {
        current ??= d.source(epoch);
        const b = current.next();
        return b ? { value: b, done: false } : { value: null, done: true };
      },
    }),
  };
  const sgd = 'setLearningRate' in d.optimizer ? d.optimizer : null;
  await model.fitDataset(dataset as unknown as Parameters<LayersModel['fitDataset']>[0], {
    epochs: config.epochs,
    verbose: 0,
    callbacks: {
      onEpochBegin: async (e) => {
        epoch = e + 1;
        current = null;
        lossSum = 0;
        examples = 0;
        epochStart = performance.now();
        lastProgress = epochStart;
      },
      onBatchBegin: async () => {
        if (sgd && d.lrAt && current) sgd.setLearningRate(d.lrAt(epoch, current.done() / d.perEpoch));
      },
      onBatchEnd: async (_batch, logs) => {
        const loss = logs?.loss ?? NaN;
        if (!Number.isFinite(loss)) {
          diverged ??= epoch;
          model.stopTraining = true;
          return;
        }
        lossSum += loss;
        examples += logs?.size ?? 0;
        const now = performance.now();
        if (now - lastProgress >= d.progressEveryMs && current) {
          lastProgress = now;
          const done = current.done();
          const perSecond = done / ((now - epochStart) / 1000);
          hooks.onProgress?.({
            epoch,
            fraction: Math.min(1, done / d.perEpoch),
            examplesPerSecond: perSecond,
            etaSeconds: eta((epoch - 1) * d.perEpoch + done, total, perSecond),
          });
        }
      },
      onEpochEnd: async () => {
        trainEnd = performance.now();
        if (diverged !== null) return;
        const stop = d.afterEpoch({
          epoch,
          loss: lossSum / Math.max(1, examples) / d.lossPerExample,
          seconds: (performance.now() - epochStart) / 1000,
          trainSeconds: (trainEnd - epochStart) / 1000,
        });
        if (stop) model.stopTraining = true;
      },
    },
  });
  if (diverged !== null)
    throw new WorkbenchError(
      'TrainingDiverged',
      `the training loss became NaN or infinite in epoch ${diverged}; lower the learning rate (now ${config.lr})`,
    );
}

/** SGD with its lr per example (losses are sums), or Adagrad. */
function optimizerOf(tf: Tf, config: TrainConfig): Driver['optimizer'] {
  return config.schedule === 'adagrad' ? tf.train.adagrad(config.lr) : tf.train.sgd(config.lr);
}

/** The CPU engine's per-epoch linear decay (mf, implicit): lr·max(1e-4, 1 − (epoch − 1)/epochs). */
const epochLinear = (config: TrainConfig) => (epoch: number) =>
  config.lr * Math.max(1e-4, 1 - (epoch - 1) / config.epochs);

function tableOptions(base: Float32Array, dim: number, init: InitialRows | undefined): TableOptions {
  applyInitialRows(base, dim, init);
  return { initial: base, trainable: init ? init.trainable : true };
}

/** Rows of a role that occur in the training split (the l2 scale of its tables). */
function activeRows(ids: Int32Array, rows: Int32Array): number {
  const seen = new Set<number>();
  for (const r of rows) seen.add(ids[r]!);
  return Math.max(1, seen.size);
}

/** Two [B, 1] int32 tensors and a [B, 1] target from index arrays. */
const column = (tf: Tf, values: Int32Array | Float32Array, dtype: 'int32' | 'float32'): Tensor =>
  tf.tensor2d(values, [values.length, 1], dtype);

// ---------------------------------------------------------------------------------------------------------- mf

function mfRun(
  rt: TfjsRuntime,
  config: TrainConfig,
  input: Extract<TfjsInput, { kind: 'interactions' }>,
  hooks: RunHooks,
  options: TfjsRunOptions,
): () => Promise<TrainOutput> {
  return async () => {
    const { tf, layers } = rt;
    const { data, ratingMin, ratingMax } = input;
    const started = performance.now();
    const rows = rowsOfSplit(data.splits);
    if (rows.train.length === 0) throw new WorkbenchError('DatasetInvalid', 'the dataset has no training rows');
    let mu = 0;
    for (const r of rows.train) mu += data.ratings[r]!;
    mu /= rows.train.length;
    const dim = config.dim;
    const batch = options.batchSize ?? TFJS_BATCH.mf;
    const reg = config.reg ?? 0.05;
    const regBias = config.regBias ?? 0.01;
    const nu = activeRows(data.users, rows.train);
    const ni = activeRows(data.items, rows.train);
    const start = initMf(data.numUsers, data.numItems, dim, mu, config.seed, false);
    const built = buildMf(tf, layers, {
      numUsers: data.numUsers,
      numItems: data.numItems,
      dim,
      l2Users: (0.5 * reg * batch) / nu,
      l2Items: (0.5 * reg * batch) / ni,
      l2UserBias: (0.5 * regBias * batch) / nu,
      l2ItemBias: (0.5 * regBias * batch) / ni,
      users: tableOptions(start.P, dim, options.init?.users),
      items: tableOptions(start.Q, dim, options.init?.items),
    });
    const optimizer = optimizerOf(tf, config);
    built.model.compile({ optimizer, loss: built.loss });
    const paramsNow = (): MfParams => ({
      dim,
      mu,
      P: readTable(built.tables.users!),
      Q: readTable(built.tables.items!),
      bu: readTable(built.tables['users.bias']!),
      bi: readTable(built.tables['items.bias']!),
    });
    const metricsOf = (p: MfParams): Record<SplitName, SplitMetrics> => {
      const out: Record<SplitName, SplitMetrics> = { train: {}, valid: {}, test: {} };
      for (const s of SPLIT_NAMES) {
        const e = errorStats(data, rows[s], (u, i) => predict(p, u, i), ratingMin, ratingMax);
        out[s] = { rmse: e.rmse, mae: e.mae };
      }
      return out;
    };
    const baselines = {
      globalMean: metricsOf({
        dim: 0,
        mu,
        P: new Float32Array(0),
        Q: new Float32Array(0),
        bu: new Float32Array(data.numUsers),
        bi: new Float32Array(data.numItems),
      }),
      biasOnly: biasOnlyBaseline(config, data, rows.train, mu, metricsOf),
    };
    const order = Int32Array.from(rows.train);
    const rng = createRng(config.seed ^ 0x5bd1e995);
    const selectOn: SplitName = rows.valid.length > 0 ? 'valid' : 'train';
    // Assigned in callbacks: `as` keeps TypeScript from narrowing it to null here.
    let best = null as { epoch: number; score: number; metrics: Record<SplitName, SplitMetrics>; p: MfParams } | null;
    const linear = epochLinear(config);
    try {
      await drive({
        progressEveryMs: options.progressEveryMs ?? PROGRESS_MS,
        built,
        config,
        hooks,
        optimizer,
        perEpoch: order.length,
        lossPerExample: 1,
        lrAt: config.schedule === 'linear' ? (epoch) => linear(epoch) : undefined,
        source: () => {
          shuffle(order, rng);
          let at = 0;
          return {
            done: () => at,
            next: () => {
              if (at >= order.length) return null;
              const n = Math.min(batch, order.length - at);
              const u = new Int32Array(n);
              const i = new Int32Array(n);
              const r = new Float32Array(n);
              for (let k = 0; k < n; k++) {
                const x = order[at + k]!;
                u[k] = data.users[x]!;
                i[k] = data.items[x]!;
                r[k] = data.ratings[x]! - mu;
              }
              at += n;
              return {
                xs: [column(tf, u, 'int32'), column(tf, i, 'int32')],
                ys: column(tf, r, 'float32'),
              };
            },
          };
        },
        afterEpoch: (e) => {
          const p = paramsNow();
          const metrics = metricsOf(p);
          const lr = config.schedule === 'linear' ? linear(e.epoch) : config.lr;
          const m: EpochMetrics = { epoch: e.epoch, loss: e.loss, ...metrics, seconds: e.seconds, lr };
          hooks.onEpoch?.(m, order.length / Math.max(e.trainSeconds, 1e-9));
          const score = metrics[selectOn].rmse!;
          if (best === null || score < best.score) best = { epoch: e.epoch, score, metrics, p };
          hooks.onCheckpoint?.(e.epoch, mfTables(p, data));
          return config.patience > 0 && e.epoch - best.epoch >= config.patience;
        },
      });
    } finally {
      built.model.dispose();
      optimizer.dispose();
    }
    const b = best;
    if (b === null) throw new WorkbenchError('BadRequest', 'epochs must be at least 1');
    return {
      outcome: {
        model: 'mf',
        metrics: b.metrics,
        baselines,
        bestEpoch: b.epoch,
        epochs: config.epochs,
        seconds: (performance.now() - started) / 1000,
      },
      tables: mfTables(b.p, data),
    };
  };
}

/** μ + b_u + b_i trained by the CPU engine's SGD with zero factors (Surprise's BaselineOnly), as the CPU run. */
function biasOnlyBaseline(
  config: TrainConfig,
  data: InteractionColumns,
  train: Int32Array,
  mu: number,
  metricsOf: (p: MfParams) => Record<SplitName, SplitMetrics>,
): Record<SplitName, SplitMetrics> {
  const p = initMf(data.numUsers, data.numItems, 0, mu, config.seed, false);
  const order = Int32Array.from(train);
  const rng = createRng(config.seed);
  for (let epoch = 1; epoch <= Math.min(config.epochs, 20); epoch++) {
    shuffle(order, rng);
    const lr = config.schedule === 'linear' ? epochLinear(config)(epoch) : config.lr;
    sgdRange(p, data, order, 0, order.length, { lr, reg: 0, regBias: config.regBias ?? 0.01 });
  }
  return metricsOf(p);
}

function mfTables(p: MfParams, data: InteractionColumns): TableTransfer[] {
  return [
    { name: 'users', role: 'user', rows: data.numUsers, dim: p.dim, data: p.P, bias: p.bu },
    { name: 'items', role: 'item', rows: data.numItems, dim: p.dim, data: p.Q, bias: p.bi },
  ];
}

// ---------------------------------------------------------------------------------------------------- implicit

function implicitRun(
  rt: TfjsRuntime,
  config: TrainConfig,
  input: Extract<TfjsInput, { kind: 'interactions' }>,
  hooks: RunHooks,
  options: TfjsRunOptions,
): () => Promise<TrainOutput> {
  return async () => {
    const { tf, layers } = rt;
    const { data } = input;
    if ((config.loss ?? 'bpr') !== 'bpr')
      throw new WorkbenchError(
        'BadRequest',
        'the tfjs engine trains implicit with loss bpr; use --engine cpu for warp',
      );
    const started = performance.now();
    const k = config.k ?? 10;
    const dim = config.dim;
    const batch = options.batchSize ?? TFJS_BATCH.implicit;
    const bySplit = rowsOfSplit(data.splits);
    const positives = (rows: Int32Array): Int32Array =>
      config.threshold === undefined ? rows : rows.filter((r) => data.ratings[r]! >= config.threshold!);
    const csr = {
      train: csrByUser(data.users, data.items, positives(bySplit.train), data.numUsers),
      valid: csrByUser(data.users, data.items, positives(bySplit.valid), data.numUsers),
      test: csrByUser(data.users, data.items, positives(bySplit.test), data.numUsers),
    } satisfies Record<SplitName, UserItemsCsr>;
    if (csr.train.items.length === 0)
      throw new WorkbenchError('DatasetInvalid', 'no training interaction is a positive');
    if (data.numItems <= 3) throw new WorkbenchError('DatasetInvalid', 'implicit needs at least two items');
    const ranked = (scorer: Parameters<typeof rankingMetrics>[1], split: SplitName): SplitMetrics =>
      csr[split].items.length
        ? namedMetrics(rankingMetrics(csr[split], scorer, { k, numItems: data.numItems, exclude: csr.train }))
        : {};
    const selectOn: SplitName = csr.valid.items.length ? 'valid' : 'test';
    const popularity = popularityScorer(csr.train, data.numItems);
    const baselines = {
      popularity: { train: {}, valid: ranked(popularity, 'valid'), test: ranked(popularity, 'test') },
    };

    // Training pairs (user, positive item) in CSR order; an epoch shuffles them and draws one negative each.
    const pairs = csr.train.items.length;
    const pairUser = new Int32Array(pairs);
    for (let u = 0; u + 1 < csr.train.indptr.length; u++)
      pairUser.fill(u, csr.train.indptr[u]!, csr.train.indptr[u + 1]!);
    const reg = config.reg ?? 1e-4;
    const regBias = config.regBias ?? 1e-4;
    const nu = new Set(pairUser).size;
    const ni = new Set(csr.train.items).size;
    const start = initImplicit(data.numUsers, data.numItems, dim, config.seed, false).model;
    const built = buildBpr(tf, layers, {
      numUsers: data.numUsers,
      numItems: data.numItems,
      dim,
      l2Users: (0.5 * reg * batch) / nu,
      l2Items: (reg * batch) / ni, // a pair touches two item rows
      l2ItemBias: (regBias * batch) / ni,
      users: tableOptions(start.users, dim, options.init?.users),
      items: tableOptions(start.items, dim, options.init?.items),
    });
    const optimizer = optimizerOf(tf, config);
    built.model.compile({ optimizer, loss: built.loss });
    const tablesNow = () => ({
      users: readTable(built.tables.users!),
      items: readTable(built.tables.items!),
      itemBias: readTable(built.tables['items.bias']!),
    });
    const order = new Int32Array(pairs).map((_, n) => n);
    const rng = createRng(config.seed ^ 0x27d4eb2f);
    let state = hashSeed(config.seed, 0x1b873593);
    const isPositive = (u: number, item: number): boolean => {
      for (let n = csr.train.indptr[u]!; n < csr.train.indptr[u + 1]!; n++)
        if (csr.train.items[n] === item) return true;
      return false;
    };
    const drawNegative = (u: number): number => {
      let j = 2;
      for (let attempt = 0; attempt < 10; attempt++) {
        state = xorshift32(state);
        j = 2 + ((state >>> 0) % (data.numItems - 2));
        if (!isPositive(u, j)) break;
      }
      return j;
    };
    let best = null as { epoch: number; score: number; t: ReturnType<typeof tablesNow> } | null;
    const linear = epochLinear(config);
    try {
      await drive({
        progressEveryMs: options.progressEveryMs ?? PROGRESS_MS,
        built,
        config,
        hooks,
        optimizer,
        perEpoch: pairs,
        lossPerExample: 1,
        lrAt: config.schedule === 'linear' ? (epoch) => linear(epoch) : undefined,
        source: () => {
          shuffle(order, rng);
          let at = 0;
          return {
            done: () => at,
            next: () => {
              if (at >= pairs) return null;
              const n = Math.min(batch, pairs - at);
              const u = new Int32Array(n);
              const ij = new Int32Array(2 * n);
              for (let q = 0; q < n; q++) {
                const x = order[at + q]!;
                u[q] = pairUser[x]!;
                ij[2 * q] = csr.train.items[x]!;
                ij[2 * q + 1] = drawNegative(u[q]!);
              }
              at += n;
              return {
                xs: [column(tf, u, 'int32'), tf.tensor2d(ij, [n, 2], 'int32')],
                ys: tf.ones([n, 1]),
              };
            },
          };
        },
        afterEpoch: (e) => {
          const t = tablesNow();
          const held = ranked(factorScorer({ dim, ...t }), selectOn);
          const m: EpochMetrics = {
            epoch: e.epoch,
            loss: e.loss,
            train: {},
            valid: selectOn === 'valid' ? held : {},
            test: selectOn === 'test' ? held : {},
            seconds: e.seconds,
            lr: config.schedule === 'linear' ? linear(e.epoch) : config.lr,
          };
          hooks.onEpoch?.(m, pairs / Math.max(e.trainSeconds, 1e-9));
          const score = held[`recall@${k}`] ?? 0;
          if (best === null || score > best.score) best = { epoch: e.epoch, score, t };
          hooks.onCheckpoint?.(e.epoch, implicitTables(t, data, dim));
          return config.patience > 0 && e.epoch - best.epoch >= config.patience;
        },
      });
    } finally {
      built.model.dispose();
      optimizer.dispose();
    }
    const b = best;
    if (b === null) throw new WorkbenchError('BadRequest', 'epochs must be at least 1');
    const scorer = factorScorer({ dim, ...b.t });
    return {
      outcome: {
        model: 'implicit',
        metrics: { train: {}, valid: ranked(scorer, 'valid'), test: ranked(scorer, 'test') },
        baselines,
        bestEpoch: b.epoch,
        epochs: config.epochs,
        seconds: (performance.now() - started) / 1000,
      },
      tables: implicitTables(b.t, data, dim),
    };
  };
}

function implicitTables(
  t: { users: Float32Array; items: Float32Array; itemBias: Float32Array },
  data: InteractionColumns,
  dim: number,
): TableTransfer[] {
  return [
    { name: 'users', role: 'user', rows: data.numUsers, dim, data: t.users, bias: null },
    { name: 'items', role: 'item', rows: data.numItems, dim, data: t.items, bias: t.itemBias },
  ];
}

// -------------------------------------------------------------------------------------------------------- sgns

function sgnsRun(
  rt: TfjsRuntime,
  config: TrainConfig,
  input: Extract<TfjsInput, { kind: 'sequences' }>,
  hooks: RunHooks,
  options: TfjsRunOptions,
): () => Promise<TrainOutput> {
  return async () => {
    const { tf, layers } = rt;
    const { data } = input;
    const started = performance.now();
    const bySplit = rowsOfSplit(data.splits);
    // Counts, minCount and OOV as the CPU engine.
    const { corpus, counts } = trainingCorpus(data, bySplit.train, config.minCount ?? 1);
    const weights = unigramWeights(counts, config.nsExponent ?? 0.75);
    if (!weights.some((w) => w > 0)) throw new WorkbenchError('DatasetInvalid', 'no vocabulary entry has a count > 0');
    const noise = aliasTable(weights);
    const keep = keepThresholds(counts, config.sample ?? 1e-3);
    const window = config.window ?? 5;
    const negative = config.negative ?? 5;
    const dim = config.dim;
    const batch = options.batchSize ?? TFJS_BATCH.sgns;
    const name = tableName(data.role);
    const start = initWord2Vec(data.rows, dim, config.seed, false);
    const built = buildSgns(tf, layers, {
      rows: data.rows,
      dim,
      negative,
      name,
      input: tableOptions(start.input, dim, options.init?.[name]),
      context: tableOptions(start.context, dim, options.init?.[`${name}.context`]),
    });
    const optimizer = tf.train.sgd(config.lr);
    built.model.compile({ optimizer, loss: built.loss });
    const perEpoch = corpus.tokens.length;
    const totalWords = perEpoch * config.epochs;
    const seqOrder = new Int32Array(corpus.offsets.length - 1).map((_, n) => n);
    const rng = createRng(config.seed ^ 0x68e31da4);
    let state = hashSeed(config.seed, 0x2545f491);
    const draw = (): number => {
      state = xorshift32(state);
      return state >>> 0;
    };
    // Targets are the same for every full batch: [1, 0, …, 0] per pair.
    const target = (n: number): Tensor => {
      const y = new Float32Array(n * (1 + negative));
      for (let p = 0; p < n; p++) y[p * (1 + negative)] = 1;
      return tf.tensor2d(y, [n, 1 + negative]);
    };
    const tablesNow = () => ({
      input: readTable(built.tables[name]!),
      context: readTable(built.tables[`${name}.context`]!),
    });
    let last = null as ReturnType<typeof tablesNow> | null;
    let epochsDone = 0;
    try {
      await drive({
        progressEveryMs: options.progressEveryMs ?? PROGRESS_MS,
        built,
        config,
        hooks,
        optimizer,
        perEpoch,
        lossPerExample: 1 + negative,
        // word2vec's linear decay over every word of the run, to lr·1e-4.
        lrAt: (epoch, fraction) =>
          config.lr * Math.max(1e-4, 1 - ((epoch - 1) * perEpoch + fraction * perEpoch) / totalWords),
        source: () => {
          shuffle(seqOrder, rng);
          let seq = 0;
          let words = 0;
          // The pairs of the current sequence not yet put in a batch.
          let pending: number[] = [];
          let pendingAt = 0;
          const fillPending = (): boolean => {
            while (seq < seqOrder.length) {
              const s = seqOrder[seq++]!;
              const from = corpus.offsets[s]!;
              const to = corpus.offsets[s + 1]!;
              words += to - from;
              const kept: number[] = [];
              for (let t = from; t < to; t++) {
                const w = corpus.tokens[t]!;
                if (w >= 2 && draw() < keep[w]!) kept.push(w);
              }
              pending = [];
              pendingAt = 0;
              for (let c = 0; c < kept.length; c++) {
                const b = 1 + (draw() % window);
                for (let o = Math.max(0, c - b); o <= Math.min(kept.length - 1, c + b); o++)
                  if (o !== c) pending.push(kept[c]!, kept[o]!);
              }
              if (pending.length > 0) return true;
            }
            return false;
          };
          return {
            done: () => words,
            next: () => {
              const word: number[] = [];
              const ctx: number[] = [];
              while (word.length < batch) {
                if (pendingAt >= pending.length && !fillPending()) break;
                const w = pending[pendingAt]!;
                const c = pending[pendingAt + 1]!;
                pendingAt += 2;
                word.push(w);
                ctx.push(c);
                for (let q = 0; q < negative; q++) {
                  let neg = aliasDraw(noise, draw());
                  if (neg === c) neg = aliasDraw(noise, draw());
                  ctx.push(neg);
                }
              }
              if (word.length === 0) return null;
              return {
                xs: [
                  tf.tensor2d(Int32Array.from(word), [word.length, 1], 'int32'),
                  tf.tensor2d(Int32Array.from(ctx), [word.length, 1 + negative], 'int32'),
                ],
                ys: target(word.length),
              };
            },
          };
        },
        afterEpoch: (e) => {
          epochsDone = e.epoch;
          const t = tablesNow();
          last = t;
          hooks.onEpoch?.(
            { epoch: e.epoch, loss: e.loss, train: {}, valid: {}, test: {}, seconds: e.seconds },
            perEpoch / Math.max(e.trainSeconds, 1e-9),
          );
          hooks.onCheckpoint?.(e.epoch, sgnsTables(name, data.rows, dim, t));
          return false;
        },
      });
    } finally {
      built.model.dispose();
      optimizer.dispose();
    }
    const final = last;
    if (final === null) throw new WorkbenchError('BadRequest', 'epochs must be at least 1');
    const metrics: Record<SplitName, SplitMetrics> = { train: {}, valid: {}, test: {} };
    if (data.role !== 'word') {
      for (const split of ['valid', 'test'] as const) {
        if (bySplit[split].length === 0) continue;
        const held = corpusOf(data, bySplit[split], null);
        const r = nextItemHitRate(held, { vectors: final.input, dim }, { k: 10, maxQueries: 5000 });
        if (r.queries > 0) metrics[split] = { [`hitrate@${r.k}`]: r.hitRate };
      }
    }
    return {
      outcome: {
        model: 'sgns',
        metrics,
        baselines: {},
        bestEpoch: epochsDone,
        epochs: epochsDone,
        seconds: (performance.now() - started) / 1000,
      },
      tables: sgnsTables(name, data.rows, dim, final),
    };
  };
}

function sgnsTables(
  name: string,
  rows: number,
  dim: number,
  t: { input: Float32Array; context: Float32Array },
): TableTransfer[] {
  const role = name.slice(0, -1);
  return [
    { name, role, rows, dim, data: t.input, bias: null },
    { name: `${name}.context`, role, rows, dim, data: t.context, bias: null },
  ];
}

// --------------------------------------------------------------------------------------------------- the entry

/** Trains `config` on the tfjs engine; refuses models it does not train with a BadRequest that says what to use. */
export async function runTfjs(
  config: TrainConfig,
  input: TfjsInput,
  hooks: RunHooks,
  options: TfjsRunOptions = {},
): Promise<TfjsOutput> {
  if (!isTfjsModel(config.model))
    throw new WorkbenchError(
      'BadRequest',
      `the tfjs engine trains ${TFJS_MODELS.join(', ')}; train ${config.model} with --engine cpu`,
    );
  const rt = options.runtime ?? (await loadTfjs());
  let run: () => Promise<TrainOutput>;
  if (config.model === 'sgns') {
    if (input.kind !== 'sequences') throw new WorkbenchError('DatasetInvalid', 'sgns trains on token sequences');
    run = sgnsRun(rt, config, input, hooks, options);
  } else {
    if (input.kind !== 'interactions')
      throw new WorkbenchError('DatasetInvalid', `${config.model} trains on user–item interactions`);
    run =
      config.model === 'mf' ? mfRun(rt, config, input, hooks, options) : implicitRun(rt, config, input, hooks, options);
  }
  const out = await run();
  return { ...out, backend: rt.backend, reasons: rt.reasons };
}
