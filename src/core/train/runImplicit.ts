// An `implicit` run: BPR or WARP on the training positives, Recall/NDCG/MAP/HitRate@K and coverage on held-out
// interactions (each user's training items excluded from the ranking), a popularity baseline beside.
import type { EpochMetrics, SplitMetrics, SplitName, TrainConfig } from '../../shared';
import { WorkbenchError } from '../../shared';
import {
  factorScorer,
  namedMetrics,
  popularityScorer,
  rankingMetrics,
  type Scorer,
  type UserItemsCsr,
} from '../eval/ranking';
import type { InteractionColumns } from '../store/datasets';
import { trainImplicit, type ImplicitOptions } from './implicit';
import type { ImplicitModel } from './implicitKernel';
import { rowsOfSplit, type RunHooks, type TrainOutput } from './runHooks';

/** Users' items of the given rows as CSR (counting sort by user). */
export function csrByUser(users: Int32Array, items: Int32Array, rows: Int32Array, numUsers: number): UserItemsCsr {
  const indptr = new Int32Array(numUsers + 1);
  for (const r of rows) indptr[users[r]! + 1]!++;
  for (let u = 0; u < numUsers; u++) indptr[u + 1]! += indptr[u]!;
  const fill = indptr.slice(0, numUsers);
  const out = new Int32Array(rows.length);
  for (const r of rows) out[fill[users[r]!]!++] = items[r]!;
  return { indptr, items: out };
}

/** Rows whose rating (or weight) reaches the threshold: implicit positives. */
function positiveRows(rows: Int32Array, ratings: Float32Array, threshold: number | undefined): Int32Array {
  return threshold === undefined ? rows : rows.filter((r) => ratings[r]! >= threshold);
}

export async function runImplicit(
  config: TrainConfig,
  data: InteractionColumns,
  hooks: RunHooks,
  initial?: ImplicitOptions['initial'],
): Promise<TrainOutput> {
  const started = performance.now();
  const k = config.k ?? 10;
  const bySplit = rowsOfSplit(data.splits);
  const csr = Object.fromEntries(
    (['train', 'valid', 'test'] as SplitName[]).map((s) => [
      s,
      csrByUser(data.users, data.items, positiveRows(bySplit[s], data.ratings, config.threshold), data.numUsers),
    ]),
  ) as Record<SplitName, UserItemsCsr>;
  if (csr.train.items.length === 0)
    throw new WorkbenchError(
      'DatasetInvalid',
      `no training interaction is a positive${config.threshold !== undefined ? ` (rating ≥ ${config.threshold})` : ''}`,
    );
  const ranked = (scorer: Scorer, split: SplitName): SplitMetrics =>
    csr[split].items.length
      ? namedMetrics(rankingMetrics(csr[split], scorer, { k, numItems: data.numItems, exclude: csr.train }))
      : {};
  const scorerOf = (m: ImplicitModel): Scorer =>
    factorScorer({ dim: m.dim, users: m.users, items: m.items, itemBias: m.itemBias });
  const selectOn: SplitName = csr.valid.items.length ? 'valid' : 'test';
  const popularity = popularityScorer(csr.train, data.numItems);
  const baselines = { popularity: { train: {}, valid: ranked(popularity, 'valid'), test: ranked(popularity, 'test') } };

  const options: ImplicitOptions = {
    loss: config.loss ?? 'warp',
    dim: config.dim,
    epochs: config.epochs,
    lr: config.lr,
    optimizer: config.schedule === 'linear' ? 'sgd' : 'adagrad',
    reg: config.reg ?? 1e-4,
    regBias: config.regBias ?? 1e-4,
    maxSampled: 10,
    seed: config.seed,
    threads: config.threads,
    initial,
  };
  let validMetrics: SplitMetrics = {};
  const result = await trainImplicit({ ...csr.train, numUsers: data.numUsers, numItems: data.numItems }, options, {
    workerEntry: config.threads > 1 ? hooks.workerEntry?.('implicitWorker') : undefined,
    validate: (model) => {
      validMetrics = ranked(scorerOf(model), selectOn);
      return validMetrics[`recall@${k}`] ?? 0;
    },
    onEpoch: (e, model) => {
      const metrics: EpochMetrics = {
        epoch: e.epoch,
        loss: e.loss,
        train: {},
        valid: selectOn === 'valid' ? validMetrics : {},
        test: selectOn === 'test' ? validMetrics : {},
        seconds: e.seconds,
      };
      hooks.onEpoch?.(metrics, e.pairsPerSecond);
      hooks.onCheckpoint?.(e.epoch, tablesOf(model(), config.dim));
    },
    earlyStop: (bestEpoch, epoch) => config.patience > 0 && epoch - bestEpoch >= config.patience,
  });
  const best = scorerOf(result.model);
  return {
    outcome: {
      model: 'implicit',
      metrics: { train: {}, valid: ranked(best, 'valid'), test: ranked(best, 'test') },
      baselines,
      bestEpoch: result.bestEpoch,
      epochs: result.epochs.length,
      seconds: (performance.now() - started) / 1000,
    },
    tables: tablesOf(result.model, config.dim),
  };
}

function tablesOf(m: ImplicitModel, dim: number): TrainOutput['tables'] {
  return [
    { name: 'users', role: 'user', rows: m.numUsers, dim, data: m.users, bias: null },
    { name: 'items', role: 'item', rows: m.numItems, dim, data: m.items, bias: m.itemBias },
  ];
}
