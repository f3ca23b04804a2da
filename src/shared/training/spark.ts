// The training rules of Spark runs (docs/spark.md): which models MLlib trains, and the options it has no
// equivalent of, each with why. One table for the core (core/spark/spec.ts refuses them), the CLI and the Train
// form (which shows only the options MLlib honours).
import type { ModelName, OptionKey, SparkJobKind, TrainRequest } from './config';

export const SPARK_JOBS: Partial<Record<ModelName, SparkJobKind>> = { mf: 'als', implicit: 'als', sgns: 'word2vec' };
export const SPARK_MODELS = Object.keys(SPARK_JOBS) as ModelName[];

type Lacks = Partial<Record<OptionKey | 'init', string>>;

/** Why MLlib cannot honour an option the app has; the message names the option and what to do instead. */
const ALS_LACKS: Lacks = {
  lr: 'ALS solves each side exactly by least squares: it has no learning rate',
  schedule: 'ALS has no learning-rate schedule',
  regBias: 'ALS factorises without bias terms',
  patience: 'MLlib runs a fixed maxIter with no validation score to stop on',
  loss: "MLlib's implicit ALS minimises confidence-weighted squared error (Hu, Koren & Volinsky 2008), not BPR or WARP",
  nsExponent: 'implicit ALS weighs every unobserved pair alike: it samples no negatives',
  threshold: 'MLlib takes every interaction as a positive, with confidence 1 + alpha·rating',
  features: 'MLlib ALS factorises the interactions alone: it has no side features',
  solver: 'MLlib fits by ALS, its one solver',
  regExponent: 'MLlib scales λ by each row’s ratings (ALS-WR, exponent 1) only',
  holdout: 'a Spark run trains on every training row: MLlib keeps no validation split to stop on',
};
const WORD2VEC_LACKS: Lacks = {
  negative: "MLlib's Word2Vec is skip-gram with hierarchical softmax: it has no negative sampling",
  nsExponent: "MLlib's Word2Vec has no negative sampling, so no sampling exponent",
  sample: "MLlib's Word2Vec does not subsample frequent words",
};
const SPARK_LACKS: Lacks = {
  threads: "Spark's parallelism is the master (local[N]) or the executors (--conf spark.executor.cores=N)",
  engine: 'the run trains on Spark',
  init: "MLlib's ALS and Word2Vec start from their own random factors",
};

/** The options a model has that MLlib lacks, with why; empty for a model Spark does not train. */
export function sparkLacks(model: ModelName): Lacks {
  const job = SPARK_JOBS[model];
  if (!job) return {};
  return { ...SPARK_LACKS, ...(job === 'als' ? ALS_LACKS : WORD2VEC_LACKS) };
}

/** What only a Spark run takes beside the request: ALS-implicit's confidence scale and the partitions. */
export interface SparkTuning {
  alpha?: number;
  numPartitions?: number;
}

const whole = (v: number | undefined, min: number, max: number): boolean =>
  v === undefined || (Number.isInteger(v) && v >= min && v <= max);

/**
 * Every reason a request cannot train on Spark, in one list (empty: it can). The request's own options are
 * checked by the usual rules afterwards; these are only what Spark adds or refuses.
 */
export function sparkProblems(request: TrainRequest, tuning: SparkTuning = {}): string[] {
  const model = request.model ?? 'mf';
  const job = SPARK_JOBS[model];
  if (!job)
    return [`Spark trains ${SPARK_MODELS.join(', ')} (MLlib ALS and Word2Vec); ${model} trains on this machine only`];
  const lacks = sparkLacks(model);
  // The schedule MLlib's Word2Vec follows is word2vec.c's linear decay: asking for it is not refused.
  const refused = (Object.keys(lacks) as (OptionKey | 'init')[]).filter(
    (k) => request[k] !== undefined && !(k === 'schedule' && request.schedule === 'linear' && job === 'word2vec'),
  );
  const why = refused.map((k) => `${k} (${lacks[k]})`);
  if (model !== 'implicit' && tuning.alpha !== undefined)
    why.push('alpha (it is the confidence scale of implicit ALS only)');
  const problems: string[] = [];
  if (why.length > 0) {
    const names = [...refused, ...(model !== 'implicit' && tuning.alpha !== undefined ? ['alpha'] : [])];
    problems.push(`MLlib has no equivalent of ${why.join('; ')}: drop ${names.join(', ')}`);
  }
  if (tuning.alpha !== undefined && !(Number.isFinite(tuning.alpha) && tuning.alpha >= 0))
    problems.push(`alpha must be a number ≥ 0 (got ${tuning.alpha})`);
  if (!whole(tuning.numPartitions, 1, 100_000))
    problems.push(`numPartitions must be a whole number from 1 to 100000 (got ${tuning.numPartitions})`);
  return problems;
}

/**
 * The options a Spark run of `model` takes, in the order of `options` (the model's, as its rule lists them): the
 * refused ones go, and so does word2vec's schedule, as MLlib has the one (linear) only. None for a model Spark
 * does not train.
 */
export function sparkOptions(model: ModelName, options: readonly OptionKey[]): OptionKey[] {
  if (!SPARK_JOBS[model]) return [];
  const lacks = sparkLacks(model);
  return options.filter((k) => !(k in lacks) && !(k === 'schedule' && SPARK_JOBS[model] === 'word2vec'));
}
