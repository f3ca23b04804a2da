// The training loop of an `mf` run on the CPU engine. Runs inside the training process, never in main.
import type { EpochMetrics, SplitMetrics, SplitName, TableTransfer, TrainConfig, TrainerOutcome } from '../../shared';
import { WorkbenchError } from '../../shared';
import { createRng, shuffle } from '../random';
import type { NodeEntry } from '../runtime';
import type { InteractionColumns } from '../store/datasets';
import { HogwildPool } from './hogwild';
import { errorStats, initMf, predict, sgdRange, type MfParams } from './mf';

export interface TrainInput {
  config: TrainConfig;
  data: InteractionColumns;
  ratingMin: number;
  ratingMax: number;
  /** The worker-thread entry, needed when threads > 1. */
  workerEntry?: NodeEntry;
  onEpoch?: (metrics: EpochMetrics, examplesPerSecond: number) => void;
}

export interface TrainOutput {
  outcome: TrainerOutcome;
  tables: TableTransfer[];
}

const SPLIT_NAMES: SplitName[] = ['train', 'valid', 'test'];

function rowsOfSplit(splits: Uint8Array): Record<SplitName, Int32Array> {
  const counts = [0, 0, 0];
  for (let n = 0; n < splits.length; n++) counts[splits[n]!]!++;
  const out = counts.map((c) => new Int32Array(c));
  const fill = [0, 0, 0];
  for (let n = 0; n < splits.length; n++) {
    const s = splits[n]!;
    out[s]![fill[s]!++] = n;
  }
  return { train: out[0]!, valid: out[1]!, test: out[2]! };
}

const pick = (s: { rmse: number; mae: number }): SplitMetrics => ({ rmse: s.rmse, mae: s.mae });

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
  // The shuffled order of training rows; shared so that worker threads read their slices of it.
  const order = new Int32Array(
    threads > 1 ? new SharedArrayBuffer(rows.train.length * 4) : new ArrayBuffer(rows.train.length * 4),
  );
  order.set(rows.train);
  const rng = createRng(config.seed ^ 0x5bd1e995);
  if (threads > 1 && !input.workerEntry) throw new Error('threads > 1 needs the worker entry');
  const pool = threads > 1 ? new HogwildPool(input.workerEntry!, threads, { params, data, order }) : null;
  const hyper = { lr: config.lr, reg: config.reg, regBias: config.regBias };

  const baseline = Object.fromEntries(
    SPLIT_NAMES.map((s) => [s, pick(errorStats(data, rows[s], () => mu, ratingMin, ratingMax))]),
  ) as Record<SplitName, SplitMetrics>;
  let best: { epoch: number; score: number; metrics: Record<SplitName, SplitMetrics>; snapshot: MfParams } | null =
    null;
  const selectOn: SplitName = rows.valid.length > 0 ? 'valid' : 'train';

  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const t0 = performance.now();
      shuffle(order, rng);
      const lossSum = pool
        ? await pool.epoch(order.length, hyper)
        : sgdRange(params, data, order, 0, order.length, hyper);
      const loss = lossSum / order.length;
      const sgdSeconds = (performance.now() - t0) / 1000;
      if (!Number.isFinite(loss)) {
        throw new WorkbenchError(
          'TrainingDiverged',
          `the training loss became ${loss} in epoch ${epoch}; lower the learning rate (now ${config.lr})`,
        );
      }
      const predictFn = (u: number, i: number): number => predict(params, u, i);
      const metrics = Object.fromEntries(
        SPLIT_NAMES.map((s) => [s, pick(errorStats(data, rows[s], predictFn, ratingMin, ratingMax))]),
      ) as Record<SplitName, SplitMetrics>;
      const epochMetrics: EpochMetrics = { epoch, loss, ...metrics, seconds: (performance.now() - t0) / 1000 };
      input.onEpoch?.(epochMetrics, order.length / Math.max(sgdSeconds, 1e-9));
      const score = metrics[selectOn].rmse;
      if (best === null || score < best.score) best = { epoch, score, metrics, snapshot: copyParams(params) };
      // Let the event loop deliver messages (a cancel) between epochs.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await pool?.close();
  }
  if (best === null) throw new WorkbenchError('BadRequest', 'epochs must be at least 1');
  const snap = best.snapshot;
  return {
    outcome: {
      metrics: best.metrics,
      baselines: { globalMean: baseline },
      bestEpoch: best.epoch,
      epochs: config.epochs,
      seconds: (performance.now() - started) / 1000,
    },
    tables: [
      { name: 'users', role: 'user', rows: data.numUsers, dim: config.dim, data: snap.P, bias: snap.bu },
      { name: 'items', role: 'item', rows: data.numItems, dim: config.dim, data: snap.Q, bias: snap.bi },
    ],
  };
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
