// The training loop of an `mf` run on the CPU engine. Runs inside the training process, never in main.
import type { EpochMetrics, SplitMetrics, SplitName, TrainConfig } from '../../shared';
import { WorkbenchError } from '../../shared';
import { createRng, shuffle } from '../random';
import type { InteractionColumns } from '../store/datasets';
import { HogwildPool } from './hogwild';
import { errorStats, initMf, predict, sgdRange, type MfHyper, type MfParams, type RatingData } from './mf';
import { eta, rowsOfSplit, SPLIT_NAMES, type RunHooks, type TrainOutput } from './runHooks';
import { applyInitialRows, isFrozen, type InitialRows } from './initialRows';

export interface TrainInput extends RunHooks {
  config: TrainConfig;
  data: InteractionColumns;
  ratingMin: number;
  ratingMax: number;
  /** Pre-trained rows for `users` and `items` (config.init), applied over the N(0, 0.1²) initializer. */
  initial?: { users?: InitialRows; items?: InitialRows };
}

/** Progress is reported between slices of this many examples (single thread; workers report per epoch). */
const SLICE = 1 << 20;

function metricsOf(
  data: RatingData,
  rows: Record<SplitName, Int32Array>,
  f: (u: number, i: number) => number,
  min: number,
  max: number,
): Record<SplitName, SplitMetrics> {
  const out: Record<SplitName, SplitMetrics> = { train: {}, valid: {}, test: {} };
  for (const s of SPLIT_NAMES) {
    const e = errorStats(data, rows[s], f, min, max);
    out[s] = { rmse: e.rmse, mae: e.mae };
  }
  return out;
}

/** word2vec-style linear decay to 0.01% of the start, or constant. */
function lrAt(config: TrainConfig, epoch: number): number {
  return config.schedule === 'linear' ? config.lr * Math.max(1e-4, 1 - (epoch - 1) / config.epochs) : config.lr;
}

/** The bias-only baseline μ + b_u + b_i: the same SGD with zero factors, as Surprise's BaselineOnly. */
function biasOnly(input: TrainInput, rows: Record<SplitName, Int32Array>, mu: number): Record<SplitName, SplitMetrics> {
  const { data, config } = input;
  const p = initMf(data.numUsers, data.numItems, 0, mu, config.seed, false);
  const order = Int32Array.from(rows.train);
  const rng = createRng(config.seed);
  for (let epoch = 1; epoch <= Math.min(config.epochs, 20); epoch++) {
    shuffle(order, rng);
    sgdRange(p, data, order, 0, order.length, { lr: lrAt(config, epoch), reg: 0, regBias: config.regBias ?? 0.01 });
  }
  return metricsOf(data, rows, (u, i) => predict(p, u, i), input.ratingMin, input.ratingMax);
}

export async function trainMf(input: TrainInput): Promise<TrainOutput> {
  const { config, data, ratingMin, ratingMax } = input;
  const started = performance.now();
  const rows = rowsOfSplit(data.splits);
  if (rows.train.length === 0) throw new WorkbenchError('DatasetInvalid', 'the dataset has no training rows');
  let mu = 0;
  for (let n = 0; n < rows.train.length; n++) mu += data.ratings[rows.train[n]!]!;
  mu /= rows.train.length;

  const threads = Math.max(1, Math.floor(config.threads));
  const params = initMf(data.numUsers, data.numItems, config.dim, mu, config.seed, threads > 1);
  applyInitialRows(params.P, config.dim, input.initial?.users);
  applyInitialRows(params.Q, config.dim, input.initial?.items);
  params.frozenUsers = isFrozen(input.initial?.users);
  params.frozenItems = isFrozen(input.initial?.items);
  // The shuffled order of training rows; shared so that worker threads read their slices of it.
  const order = new Int32Array(
    threads > 1 ? new SharedArrayBuffer(rows.train.length * 4) : new ArrayBuffer(rows.train.length * 4),
  );
  order.set(rows.train);
  const rng = createRng(config.seed ^ 0x5bd1e995);
  const pool = threads > 1 ? new HogwildPool(input.workerEntry!('mfWorker'), threads, { params, data, order }) : null;

  const baselines = {
    globalMean: metricsOf(data, rows, () => mu, ratingMin, ratingMax),
    biasOnly: biasOnly(input, rows, mu),
  };
  let best: { epoch: number; score: number; metrics: Record<SplitName, SplitMetrics>; snapshot: MfParams } | null =
    null;
  const selectOn: SplitName = rows.valid.length > 0 ? 'valid' : 'train';
  const total = order.length * config.epochs;

  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const t0 = performance.now();
      const hyper: MfHyper = { lr: lrAt(config, epoch), reg: config.reg ?? 0.05, regBias: config.regBias ?? 0.01 };
      shuffle(order, rng);
      let lossSum = 0;
      if (pool) lossSum = await pool.epoch(order.length, hyper);
      else {
        for (let from = 0; from < order.length; from += SLICE) {
          lossSum += sgdRange(params, data, order, from, Math.min(order.length, from + SLICE), hyper);
          const done = Math.min(order.length, from + SLICE);
          const perSecond = done / ((performance.now() - t0) / 1000);
          if (done < order.length)
            input.onProgress?.({
              epoch,
              fraction: done / order.length,
              examplesPerSecond: perSecond,
              etaSeconds: eta((epoch - 1) * order.length + done, total, perSecond),
            });
        }
      }
      const loss = lossSum / order.length;
      const sgdSeconds = (performance.now() - t0) / 1000;
      if (!Number.isFinite(loss)) {
        throw new WorkbenchError(
          'TrainingDiverged',
          `the training loss became ${loss} in epoch ${epoch}; lower the learning rate (now ${config.lr})`,
        );
      }
      const metrics = metricsOf(data, rows, (u, i) => predict(params, u, i), ratingMin, ratingMax);
      const epochMetrics: EpochMetrics = {
        epoch,
        loss,
        ...metrics,
        seconds: (performance.now() - t0) / 1000,
        lr: hyper.lr,
      };
      input.onEpoch?.(epochMetrics, order.length / Math.max(sgdSeconds, 1e-9));
      const score = metrics[selectOn].rmse!;
      if (best === null || score < best.score) best = { epoch, score, metrics, snapshot: copyParams(params) };
      input.onCheckpoint?.(epoch, tablesOf(copyParams(params), data, config.dim));
      if (config.patience > 0 && epoch - best.epoch >= config.patience) break;
      // Let the event loop deliver messages between epochs.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await pool?.close();
  }
  if (best === null) throw new WorkbenchError('BadRequest', 'epochs must be at least 1');
  return {
    outcome: {
      model: 'mf',
      metrics: best.metrics,
      baselines,
      bestEpoch: best.epoch,
      epochs: config.epochs,
      seconds: (performance.now() - started) / 1000,
    },
    tables: tablesOf(best.snapshot, data, config.dim),
  };
}

function tablesOf(p: MfParams, data: InteractionColumns, dim: number): TrainOutput['tables'] {
  return [
    { name: 'users', role: 'user', rows: data.numUsers, dim, data: p.P, bias: p.bu },
    { name: 'items', role: 'item', rows: data.numItems, dim, data: p.Q, bias: p.bi },
  ];
}

/** A plain (non-shared) copy, so the best epoch survives later updates and can cross the process boundary. */
function copyParams(p: MfParams): MfParams {
  return {
    dim: p.dim,
    mu: p.mu,
    P: Float32Array.from(p.P),
    Q: Float32Array.from(p.Q),
    bu: Float32Array.from(p.bu),
    bi: Float32Array.from(p.bi),
  };
}
