// A run's settings as MLlib parameters: one to one where MLlib has them (rank ↔ dim, regParam ↔ reg,
// maxIter ↔ epochs, …); an option MLlib lacks is refused by name, never silently dropped.
import type { ModelName, OptionKey, SparkOptions, TrainConfig, TrainRequest } from '../../shared';
import { WorkbenchError } from '../../shared';
import { resolveTrainConfig } from '../config';

export const SPEC_FORMAT = 'ewb-spark/1';
export type SparkJobKind = 'als' | 'word2vec';

/** pyspark.ml.recommendation.ALS's parameters, by their MLlib names. */
export interface AlsParams {
  rank: number;
  maxIter: number;
  regParam: number;
  implicitPrefs: boolean;
  alpha?: number;
  numUserBlocks?: number;
  numItemBlocks?: number;
  seed: number;
}

/** pyspark.ml.feature.Word2Vec's parameters (skip-gram with hierarchical softmax, Mikolov et al. 2013). */
export interface Word2VecParams {
  vectorSize: number;
  windowSize: number;
  minCount: number;
  maxIter: number;
  stepSize: number;
  numPartitions?: number;
  seed: number;
}

/** spec.json of a stage: what resources/spark/ewb_spark.py trains, on which file, with which rows. */
export interface SparkJobSpec {
  format: typeof SPEC_FORMAT;
  job: SparkJobKind;
  /** The input file, relative to the stage. */
  input: string;
  /** Split codes trained on (0 train; valid and test stay held out for the app's own metrics). */
  trainSplits: number[];
  params: AlsParams | Word2VecParams;
}

const SPARK_MODELS: Partial<Record<ModelName, SparkJobKind>> = { mf: 'als', implicit: 'als', sgns: 'word2vec' };

/** Why MLlib cannot honour an option the app has; the message names the option and what to do instead. */
const ALS_LACKS: Partial<Record<OptionKey | 'init', string>> = {
  lr: 'ALS solves each side exactly by least squares: it has no learning rate',
  schedule: 'ALS has no learning-rate schedule',
  regBias: 'ALS factorises without bias terms',
  patience: 'MLlib runs a fixed maxIter with no validation score to stop on',
  loss: "MLlib's implicit ALS minimises confidence-weighted squared error (Hu, Koren & Volinsky 2008), not BPR or WARP",
  threshold: 'MLlib takes every interaction as a positive, with confidence 1 + alpha·rating',
};
const WORD2VEC_LACKS: Partial<Record<OptionKey | 'init', string>> = {
  negative: "MLlib's Word2Vec is skip-gram with hierarchical softmax: it has no negative sampling",
  nsExponent: "MLlib's Word2Vec has no negative sampling, so no sampling exponent",
  sample: "MLlib's Word2Vec does not subsample frequent words",
};
const SPARK_LACKS: Partial<Record<OptionKey | 'init', string>> = {
  threads: "Spark's parallelism is the master (local[N]) or the executors (--conf spark.executor.cores=N)",
  engine: 'the run trains on Spark',
  init: "MLlib's ALS and Word2Vec start from their own random factors",
};

const whole = (v: number | undefined, min: number, max: number): boolean =>
  v === undefined || (Number.isInteger(v) && v >= min && v <= max);

/**
 * The MLlib job and parameters for a training request, plus the app's config of the run (for its record and
 * its own evaluation, e.g. `k` for implicit). Defaults are the app's (the shared training rules), so a Spark run and a
 * local run with the same flags get the same settings where both have them.
 */
export function sparkJobSettings(
  request: TrainRequest,
  spark: Pick<SparkOptions, 'alpha' | 'numPartitions'> = {},
): { job: SparkJobKind; params: AlsParams | Word2VecParams; config: TrainConfig } {
  const model = request.model ?? 'mf';
  const job = SPARK_MODELS[model];
  if (!job)
    throw new WorkbenchError(
      'BadRequest',
      `Spark trains mf and implicit (MLlib ALS) and sgns (MLlib Word2Vec); ${model} trains here only`,
    );
  const lacks = { ...SPARK_LACKS, ...(job === 'als' ? ALS_LACKS : WORD2VEC_LACKS) };
  // The schedule MLlib's Word2Vec follows is word2vec.c's linear decay: asking for it is not refused.
  const refused = (Object.keys(lacks) as (OptionKey | 'init')[]).filter(
    (k) => request[k] !== undefined && !(k === 'schedule' && request.schedule === 'linear' && job === 'word2vec'),
  );
  if (model !== 'implicit' && spark.alpha !== undefined) refused.push('alpha' as OptionKey);
  if (refused.length > 0) {
    const why = refused.map((k) => `${k} (${lacks[k] ?? 'alpha is the confidence scale of implicit ALS only'})`);
    throw new WorkbenchError('BadRequest', `MLlib has no equivalent of ${why.join('; ')}: drop ${refused.join(', ')}`);
  }
  // threads is refused above; 1 keeps the stored config from claiming this machine's cores.
  const config = resolveTrainConfig({ ...request, model, threads: 1 });
  if (spark.alpha !== undefined && !(Number.isFinite(spark.alpha) && spark.alpha >= 0))
    throw new WorkbenchError('BadRequest', `alpha must be a number ≥ 0 (got ${spark.alpha})`);
  if (!whole(spark.numPartitions, 1, 100_000))
    throw new WorkbenchError(
      'BadRequest',
      `numPartitions must be a whole number from 1 to 100000 (got ${spark.numPartitions})`,
    );
  const blocks = spark.numPartitions;
  if (job === 'als') {
    const params: AlsParams = {
      rank: config.dim,
      maxIter: config.epochs,
      regParam: config.model === 'mf' || config.model === 'implicit' ? config.reg : 0.1,
      implicitPrefs: model === 'implicit',
      seed: config.seed,
      ...(spark.alpha !== undefined ? { alpha: spark.alpha } : {}),
      ...(blocks !== undefined ? { numUserBlocks: blocks, numItemBlocks: blocks } : {}),
    };
    return { job, params, config };
  }
  if (config.model !== 'sgns' && config.model !== 'cbow') throw new Error(`${config.model} is not word2vec`);
  const params: Word2VecParams = {
    vectorSize: config.dim,
    windowSize: config.window,
    minCount: config.minCount,
    maxIter: config.epochs,
    stepSize: config.lr,
    seed: config.seed,
    ...(blocks !== undefined ? { numPartitions: blocks } : {}),
  };
  return { job, params, config };
}
