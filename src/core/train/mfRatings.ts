// What an `mf` run is judged by on either engine: the splits and global mean of the ratings, RMSE/MAE clamped to
// the rating scale (and apart, `cold:` on items held out entirely), the global-mean and bias-only baselines, the
// learning rate per epoch, and the two tables.
import type { CarvedValidation, MfConfig, SplitName, TableTransfer } from '../../shared';
import { SPLITS, WorkbenchError } from '../../shared';
import { createRng, shuffle } from '../random';
import type { InteractionColumns } from '../store/datasets';
import { withCarvedValidation } from './carve';
import { rowsOfSplit, type Selection, type SplitScores } from './loop';
import { initSideFeatures } from './featureTables';
import type { InteractionData } from './input';
import { errorStats, initMf, predict, type MfParams, type RowScales } from './mf';
import { sgdRange } from './mfChunk';
import { composedParams } from './mfFeatures';
import { countIds } from './support';

/**
 * The ratings of one run: columns, rows per split, the training mean μ and the scale predictions are clamped
 * to; the training ratings per user and item (a table's `counts`), and the held-out rows left out of the metrics
 * because their user or item has none (`cold`: their vectors are random starts, or with side features their
 * features alone). `coldRows`: those of a user with training ratings on an item without (a cold-items split's
 * question, scored apart as `cold:rmse`, `cold:mae`).
 */
export interface Ratings {
  data: InteractionColumns;
  rows: Record<'train' | 'valid' | 'test', Int32Array>;
  mu: number;
  min: number;
  max: number;
  /** The validation rows this run carved from train (`holdout`), or null. */
  carved: CarvedValidation | null;
  support: { users: Int32Array; items: Int32Array };
  cold: Partial<Record<SplitName, number>>;
  coldRows: Record<'valid' | 'test', Int32Array>;
}

export function ratingsOf(
  data: InteractionColumns,
  min: number,
  max: number,
  { holdout, seed }: Pick<MfConfig, 'holdout' | 'seed'>,
): Ratings {
  const { rows, carved } = withCarvedValidation(rowsOfSplit(data.splits), data.users, holdout, seed);
  if (rows.train.length === 0) throw new WorkbenchError('DatasetInvalid', 'the dataset has no training rows');
  let mu = 0;
  for (let n = 0; n < rows.train.length; n++) mu += data.ratings[rows.train[n]!]!;
  const support = {
    users: countIds(data.users, data.numUsers, rows.train),
    items: countIds(data.items, data.numItems, rows.train),
  };
  const cold: Partial<Record<SplitName, number>> = {};
  const coldRows = { valid: new Int32Array(0), test: new Int32Array(0) };
  for (const split of ['valid', 'test'] as const) {
    const all = rows[split];
    rows[split] = all.filter((r) => support.users[data.users[r]!]! > 0 && support.items[data.items[r]!]! > 0);
    coldRows[split] = all.filter((r) => support.users[data.users[r]!]! > 0 && support.items[data.items[r]!]! === 0);
    if (rows[split].length < all.length) cold[split] = all.length - rows[split].length;
  }
  return { data, rows, mu: mu / rows.train.length, min, max, carved, support, cold, coldRows };
}

/** SGD's per-example penalty scales n^(ν−1) from each row's training ratings; absent for ν = 1 (all 1). */
export function rowScales(r: Ratings, exponent: number): RowScales | undefined {
  if (exponent === 1) return undefined;
  const scale = (counts: Int32Array): Float32Array =>
    Float32Array.from(counts, (n) => (n > 0 ? n ** (exponent - 1) : 1));
  return { users: scale(r.support.users), items: scale(r.support.items) };
}

/** Best epoch by validation RMSE, or training RMSE when the data has no validation rows. */
export const mfSelection = (r: Ratings): Selection => ({
  split: r.rows.valid.length > 0 ? 'valid' : 'train',
  metric: 'rmse',
  better: 'lower',
});

/**
 * RMSE and MAE per split over the rows of trained users and items; on a held-out split with rows on items never
 * trained, `cold:rmse` and `cold:mae` over those too (a cold item's prediction is μ + b_u + its features' part,
 * or without features what the model has: b_i 0 and a random start).
 */
export function mfMetrics(r: Ratings, p: MfParams): SplitScores {
  const out: SplitScores = { train: {}, valid: {}, test: {} };
  const predictFn = (u: number, i: number): number => predict(p, u, i);
  for (const s of SPLITS) {
    // A split without rows (none imported, or all of them cold) has no metrics, rather than NaN (null in JSON).
    if (r.rows[s].length > 0) {
      const e = errorStats(r.data, r.rows[s], predictFn, r.min, r.max);
      out[s] = { rmse: e.rmse, mae: e.mae };
    }
    if (s === 'train' || r.coldRows[s].length === 0) continue;
    const c = errorStats(r.data, r.coldRows[s], predictFn, r.min, r.max);
    out[s] = { ...out[s], 'cold:rmse': c.rmse, 'cold:mae': c.mae };
  }
  return out;
}

/** `constant`, or word2vec-style linear decay to 0.01% of the start over the epochs. */
export const epochLr = (config: MfConfig, epoch: number): number =>
  config.schedule === 'linear' ? config.lr * Math.max(1e-4, 1 - (epoch - 1) / config.epochs) : config.lr;

/**
 * The global mean, and μ + b_u + b_i trained by the same SGD with zero factors (Surprise's BaselineOnly); with
 * side features also `biasFeatures`, the biases composed with their features' (what metadata alone says of a
 * cold item's rating, without factors).
 */
export function mfBaselines(
  r: Ratings,
  config: MfConfig,
  features?: InteractionData['features'],
): Record<string, SplitScores> {
  const { data } = r;
  const biases = (withFeatures: boolean): MfParams => {
    const p = initMf(data.numUsers, data.numItems, 0, r.mu, config.seed, false);
    const own = { dim: 0, users: p.P, items: p.Q, userBias: p.bu, itemBias: p.bi };
    const sides = withFeatures ? initSideFeatures(own, features, r.support, { adagrad: false, shared: false }) : null;
    const order = Int32Array.from(r.rows.train);
    const rng = createRng(config.seed);
    for (let epoch = 1; epoch <= Math.min(config.epochs, 20); epoch++) {
      shuffle(order, rng);
      const h = { lr: epochLr(config, epoch), reg: 0, regBias: config.regBias };
      sgdRange(p, data, order, 0, order.length, h, undefined, sides);
    }
    return composedParams(p, sides);
  };
  const zero = initMf(data.numUsers, data.numItems, 0, r.mu, config.seed, false);
  const out = { globalMean: mfMetrics(r, zero), biasOnly: mfMetrics(r, biases(false)) };
  return features?.item || features?.user ? { ...out, biasFeatures: mfMetrics(r, biases(true)) } : out;
}

/** The `users` and `items` tables; `support` their counts (the training ratings, unless features add some). */
export function mfTables(p: MfParams, r: Ratings, support = r.support): TableTransfer[] {
  const { numUsers, numItems } = r.data;
  return [
    { name: 'users', role: 'user', rows: numUsers, dim: p.dim, data: p.P, bias: p.bu, counts: support.users },
    { name: 'items', role: 'item', rows: numItems, dim: p.dim, data: p.Q, bias: p.bi, counts: support.items },
  ];
}

/** A plain (non-shared) copy, so the best epoch survives later updates and can cross the process boundary. */
export function copyParams(p: MfParams): MfParams {
  return {
    dim: p.dim,
    mu: p.mu,
    P: Float32Array.from(p.P),
    Q: Float32Array.from(p.Q),
    bu: Float32Array.from(p.bu),
    bi: Float32Array.from(p.bi),
  };
}
