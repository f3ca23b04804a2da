// A run's settings as MLlib parameters: one to one where MLlib has them (rank ↔ dim, regParam ↔ reg,
// maxIter ↔ epochs, …); an option MLlib lacks is refused by name (the shared rules, training/spark.ts), never
// silently dropped.
import type { SparkJobKind, SparkOptions, TrainConfig, TrainRequest } from '../../shared';
import { MODEL_RULES, SPARK_JOBS, sparkProblems, WorkbenchError } from '../../shared';
import { resolveTrainConfig } from '../config';

export const SPEC_FORMAT = 'ewb-spark/1';
export type { SparkJobKind };

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
  /** What the app took off every rating it staged (explicit ALS: the training mean μ); for the record. */
  ratingOffset?: number;
  params: AlsParams | Word2VecParams;
}

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
  const problems = sparkProblems(request, spark);
  if (problems.length > 0) throw new WorkbenchError('BadRequest', problems.join('; '));
  const job = SPARK_JOBS[model]!;
  // threads is refused above; 1 keeps the stored config from claiming this machine's cores. The model's Spark
  // defaults say what MLlib does where the request cannot choose (sparkLacks refuses those options) — mf: exact
  // ALS, λ scaled by each row's ratings (ALS-WR, ν = 1), so a silent reg is the app's best λ at ν = 1 and not
  // the one for the ν = 0.5 default, and no carved validation split.
  const onSpark = MODEL_RULES[model].engineDefaults?.spark as Partial<TrainRequest> | undefined;
  const config = resolveTrainConfig({ ...onSpark, ...request, model, threads: 1 });
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
