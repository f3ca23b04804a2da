// The Train form's "Run on Spark" part (docs/spark.md): the fields as typed, and the SparkOptions they make,
// checked by the shared rules the core runs (sparkProblems, frontEndConfProblem) before anything is sent (pure).
import type { ModelName, SparkOptions, TrainRequest } from '../../../shared';
import { frontEndConfProblem, SPARK_JOBS, sparkMasterProblem, sparkProblems } from '../../../shared';

export interface SparkDraft {
  enabled: boolean;
  master: string;
  /** One `key=value` per line. */
  conf: string;
  /** Empty: a temporary folder of the machine the app runs on. */
  stage: string;
  /** implicit only; null: MLlib's default (1). */
  alpha: number | null;
  /** null: MLlib's default (10 ALS blocks, 1 Word2Vec partition). */
  partitions: number | null;
}

export const defaultSparkDraft = (): SparkDraft => ({
  enabled: false,
  master: 'local[*]',
  conf: '',
  stage: '',
  alpha: null,
  partitions: null,
});

/** Whether Spark trains `model` (MLlib ALS for mf and implicit, Word2Vec for sgns). */
export const sparkTrains = (model: ModelName): boolean => SPARK_JOBS[model] !== undefined;

export type BuiltSpark = { ok: true; options: SparkOptions } | { ok: false; problems: string[] };

/** The SparkOptions of a draft for `request` (its model), or every problem with them. */
export function buildSparkOptions(draft: SparkDraft, request: TrainRequest): BuiltSpark {
  const problems: string[] = [];
  const master = draft.master.trim();
  const masterProblem = sparkMasterProblem(master);
  if (masterProblem) problems.push(masterProblem);
  const conf = draft.conf
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  for (const entry of conf) {
    if (entry.indexOf('=') <= 0) problems.push(`conf "${entry}" is not key=value (e.g. spark.executor.memory=4g)`);
    else {
      const refused = frontEndConfProblem(entry);
      if (refused) problems.push(refused);
    }
  }
  const options: SparkOptions = { master };
  if (conf.length > 0) options.conf = conf;
  if (draft.stage.trim() !== '') options.stage = draft.stage.trim();
  // alpha is implicit ALS's only: a value left in the field from an implicit run is not sent with another model.
  if (draft.alpha !== null && request.model === 'implicit') options.alpha = draft.alpha;
  if (draft.partitions !== null) options.numPartitions = draft.partitions;
  problems.push(...sparkProblems(request, options));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, options };
}
