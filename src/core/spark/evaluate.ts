// A Spark run judged as a local run is: the factors MLlib wrote, scored on the held-out split by the very
// functions the CPU and tfjs engines use (mfRatings, implicitData, word2vecCorpus), so the two compare as equals.
import type { EpochMetrics, TableTransfer, TrainConfig } from '../../shared';
import type { InteractionColumns, SequenceColumns } from '../store/datasets';
import { finalMetrics, popularityBaseline, positivesOf } from '../train/implicitData';
import type { SplitScores } from '../train/loop';
import { mfBaselines, mfMetrics, ratingsOf } from '../train/mfRatings';
import { heldOutHitRate } from '../train/word2vecCorpus';
import type { SparkInput } from './trainOnSpark';

export interface SparkScores {
  /** The one epoch a Spark run records: its last iteration, with the app's metrics of it. */
  epoch: EpochMetrics;
  metrics: SplitScores;
  baselines: Record<string, SplitScores>;
}

const table = (tables: readonly TableTransfer[], name: string): TableTransfer => {
  const t = tables.find((x) => x.name === name);
  if (!t) throw new Error(`the Spark job returned no ${name} table`);
  return t;
};

/** MLlib's ALS fitted r − μ (trainOnSpark staged it so): the app's mf model μ + u·v with both biases at zero. */
function scoreAls(
  data: InteractionColumns,
  config: Extract<TrainConfig, { model: 'mf' }>,
  users: TableTransfer,
  items: TableTransfer,
  scale: { min: number; max: number },
) {
  // MLlib trains on every training row (no validation is carved for a Spark run: docs/spark.md).
  const ratings = ratingsOf(data, scale.min, scale.max, { holdout: 0, seed: config.seed });
  const params = {
    dim: users.dim,
    mu: ratings.mu,
    P: users.data,
    Q: items.data,
    bu: new Float32Array(data.numUsers),
    bi: new Float32Array(data.numItems),
  };
  const metrics = mfMetrics(ratings, params);
  // ALS minimises squared error: ½ of its mean over the training ratings is the data term of the CPU
  // engine's loss (mf.ts), so the two read on one scale (the regularisers differ: ALS-WR scales λ by counts).
  const loss = 0.5 * (metrics.train.rmse ?? NaN) ** 2;
  return { loss, metrics, baselines: mfBaselines(ratings, config) };
}

/**
 * Hu, Koren & Volinsky's (2008) objective without the regulariser, per training interaction:
 * Σ_{u,i} c_ui (p_ui − x_ui)² with p = 1 on observed pairs (c = 1 + α·r) and 0 elsewhere (c = 1). Over all pairs
 * it is Σ_u x_uᵀ(VᵀV)x_u + Σ_obs [c(1 − x)² − x²], which costs (users + items)·dim² + interactions·dim.
 */
export function implicitAlsLoss(
  data: InteractionColumns,
  users: TableTransfer,
  items: TableTransfer,
  alpha: number,
): number {
  const d = users.dim;
  const gram = new Float64Array(d * d);
  for (let i = 0; i < data.numItems; i++)
    for (let a = 0; a < d; a++) {
      const va = items.data[i * d + a]!;
      if (va !== 0) for (let b = 0; b < d; b++) gram[a * d + b]! += va * items.data[i * d + b]!;
    }
  let total = 0;
  for (let u = 0; u < data.numUsers; u++)
    for (let a = 0; a < d; a++) {
      const ua = users.data[u * d + a]!;
      if (ua === 0) continue;
      let row = 0;
      for (let b = 0; b < d; b++) row += gram[a * d + b]! * users.data[u * d + b]!;
      total += ua * row;
    }
  let observed = 0;
  for (let n = 0; n < data.splits.length; n++) {
    if (data.splits[n] !== 0) continue;
    const u = data.users[n]! * d;
    const i = data.items[n]! * d;
    let x = 0;
    for (let k = 0; k < d; k++) x += users.data[u + k]! * items.data[i + k]!;
    total += (1 + alpha * data.ratings[n]!) * (1 - x) ** 2 - x * x;
    observed++;
  }
  return observed > 0 ? total / observed : NaN;
}

/** The app's metrics, baselines and the recorded epoch of a Spark run's tables. */
export function scoreSparkRun(
  config: TrainConfig,
  input: SparkInput,
  tables: readonly TableTransfer[],
  opts: { ratingMin: number; ratingMax: number; alpha: number; seconds: number },
): SparkScores {
  let loss = NaN;
  let metrics: SplitScores = { train: {}, valid: {}, test: {} };
  let baselines: Record<string, SplitScores> = {};
  if (input.kind === 'interactions') {
    const users = table(tables, 'users');
    const items = table(tables, 'items');
    if (config.model === 'mf') {
      ({ loss, metrics, baselines } = scoreAls(input.data, config, users, items, {
        min: opts.ratingMin,
        max: opts.ratingMax,
      }));
    } else if (config.model === 'implicit') {
      const positives = positivesOf(input.data, config);
      // ALS has no item bias: a zero one scores as u·v.
      const itemBias = new Float32Array(items.rows);
      const factors = { dim: users.dim, users: users.data, items: items.data, itemBias };
      metrics = finalMetrics(positives, factors);
      baselines = popularityBaseline(positives);
      loss = implicitAlsLoss(input.data, users, items, opts.alpha);
    }
  } else {
    // MLlib's Word2Vec (hierarchical softmax) hands back the input vectors only: it has no loss to report.
    const vectors = tables[0]!;
    metrics = heldOutHitRate(input.data as SequenceColumns, vectors.data, vectors.dim);
  }
  const epoch: EpochMetrics = { epoch: config.epochs, loss, ...metrics, seconds: opts.seconds };
  return { epoch, metrics, baselines };
}
