// Studies: hyper-parameter searches over a model's options (trials = runs), their objective, budget, sampler and
// pruner, k-fold cross-validation of the best configs with a paired comparison, and a study's events.
import type { ApiError } from './errors';
import type { SplitMetrics } from './runs';
import type { FoldBy, ModelName, TrainConfig, TrainRequest } from './training/config';
import { MODEL_RULES } from './training/models';
import type { SearchSpace, SearchValue } from './training/search';

/** `tpe`: the Tree-structured Parzen Estimator (Bergstra et al. 2011, Optuna's default); `random`: uniform. */
export const SAMPLERS = ['tpe', 'random'] as const;
export type SamplerName = (typeof SAMPLERS)[number];
/**
 * `median`: stop a trial that, even improving at its current pace to the last epoch, would end worse than the
 * median of the finished trials (core/tune/pruners.ts); `none`: every trial runs its epochs.
 */
export const PRUNERS = ['median', 'none'] as const;
export type PrunerName = (typeof PRUNERS)[number];
export const DIRECTIONS = ['minimize', 'maximize'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** A train request's options without dataset and model: what a study holds fixed, or a config to validate. */
export type TrainOptions = Omit<TrainRequest, 'dataset' | 'model'>;

export interface CrossValidateRequest {
  /** Folds (2–20) of the train + valid rows; the test rows stay test. */
  k: number;
  by?: FoldBy;
  /** The best search trials to validate besides `candidates` (default 1; 0 with a search of 0 trials). */
  top?: number;
  /** Named configs to validate on the same folds (`defaults` is the model's defaults with the fixed options). */
  candidates?: { label: string; options: TrainOptions }[];
}

export interface TuneRequest {
  dataset: string;
  model: ModelName;
  /** Options every trial holds (anything `ewb train` takes); the searched options override them. */
  fixed?: TrainOptions;
  /** Default: defaultSpace(model, fixed) — DEFAULT_SPACES[model], its penalties around the fixed options' defaults. */
  space?: SearchSpace;
  /** `valid.<metric>` (`valid.rmse`, `valid.ndcg@10`, `valid.auc` …) or `analogies`; default by model. */
  objective?: string;
  /** Default from the metric: RMSE, MAE and loss are minimised, the rest maximised. */
  direction?: Direction;
  /** The analogy questions file the `analogies` objective scores each trial's table on. */
  analogies?: string;
  /** Search trials (default 20 unless `minutes` is given); 0 with `crossValidate` validates candidates only. */
  trials?: number;
  /** Wall-clock budget: no trial starts after it (running ones finish). */
  minutes?: number;
  sampler?: SamplerName;
  pruner?: PrunerName;
  /** Trials at once (default: the cores); each trains on cores / parallel threads. */
  parallel?: number;
  /** Seeds the sampler, every trial's training and the folds (default 42). */
  seed?: number;
  /**
   * Whether the first search trial is the defaults (the config the fixed options give alone; Optuna's
   * `enqueue_trial` practice), so the best is never worse than them on the objective. Default: when the defaults
   * lie in the space; `true` refuses a space that leaves them out, `false` lets the sampler propose every trial.
   */
  defaultsTrial?: boolean;
  crossValidate?: CrossValidateRequest;
}

export const STUDY_STATUSES = ['running', 'completed', 'cancelled', 'interrupted', 'failed'] as const;
export type StudyStatus = (typeof STUDY_STATUSES)[number];
export const TRIAL_STATES = ['running', 'complete', 'pruned', 'failed'] as const;
export type TrialState = (typeof TRIAL_STATES)[number];

export interface Objective {
  name: string;
  direction: Direction;
  analogies?: string;
}

export interface Trial {
  /** 1, 2, … within the study, in the order trials started. */
  number: number;
  /** `search`: proposed by the sampler; `cv`: one fold of a cross-validated config. */
  kind: 'search' | 'cv';
  /** Cross-validation: the config's label; a search trial's `defaults` when it is the defaults trial. */
  arm: string | null;
  /** Cross-validation: the fold (0-based). */
  fold: number | null;
  runId: number | null;
  /** The searched options' values (cv: the options that differ from the fixed ones). */
  params: Record<string, SearchValue>;
  state: TrialState;
  /** The objective of its best epoch; null while running, and for failed trials. */
  value: number | null;
  /** The objective after each epoch, [epoch, value]: what the pruner judged (empty for `analogies`). */
  curve: [number, number][];
  bestEpoch: number | null;
  startedAt: string;
  finishedAt: string | null;
  /** Why it was pruned or failed. */
  note: string | null;
}

export interface StudySummary {
  id: number;
  datasetId: number;
  dataset: string;
  model: ModelName;
  status: StudyStatus;
  objective: Objective;
  sampler: SamplerName;
  pruner: PrunerName;
  budget: { trials: number | null; minutes: number | null };
  seed: number;
  /** Search trials that ended (complete, pruned or failed). */
  trialsDone: number;
  bestTrial: number | null;
  bestValue: number | null;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface StudyBest {
  trial: number;
  runId: number;
  value: number;
  params: Record<string, SearchValue>;
  config: TrainConfig;
  bestEpoch: number;
  metrics: { valid: SplitMetrics; test: SplitMetrics };
}

/** How much of the objective's spread each option explains on its own (IMPORTANCE_METHOD). */
export interface OptionImportance {
  option: string;
  share: number;
}
export const IMPORTANCE_METHOD =
  'variance split: the share of the objective’s variance explained by each option alone (η² over quartile bins of its values), normalised to sum to 1';

export interface MetricSummary {
  mean: number;
  sd: number;
  /** Per fold, in fold order. */
  values: number[];
}

export interface CvArm {
  label: string;
  params: Record<string, SearchValue>;
  /** Per fold, its run (null: not started yet). */
  runIds: (number | null)[];
  /** Folds finished. */
  done: number;
  valid: Record<string, MetricSummary>;
  test: Record<string, MetricSummary>;
}

/** `b − a` of one metric over the same folds: mean and a two-sided confidence interval. */
export interface PairedComparison {
  a: string;
  b: string;
  split: 'valid' | 'test';
  metric: string;
  meanDiff: number;
  low: number;
  high: number;
  level: number;
  folds: number;
  /** `b better`, `a better` or `no clear difference`, by the metric's direction. */
  verdict: string;
}
export const PAIRED_METHOD =
  'corrected resampled t-interval over the folds (Nadeau & Bengio 2003: variance × (1/k + 1/(k−1)), since training sets overlap)';

export interface CrossValidation {
  k: number;
  by: FoldBy;
  seed: number;
  arms: CvArm[];
  comparisons: PairedComparison[];
}

export interface StudyDetail extends StudySummary {
  space: SearchSpace;
  fixed: TrainOptions;
  parallel: number;
  trials: Trial[];
  best: StudyBest | null;
  importance: OptionImportance[];
  crossValidation: CrossValidation | null;
}

/** What `ewb tune --json` ends with (and `studies:get` has in full). */
export interface TuneResult {
  type: 'result';
  studyId: number;
  status: StudyStatus;
  trials: number;
  best: { runId: number; config: TrainConfig; metrics: { valid: SplitMetrics; test: SplitMetrics } } | null;
  crossValidation?: CrossValidation;
}

export type StudyEvent =
  | { type: 'started'; studyId: number; total: number | null }
  /** A trial started or ended; `best` is the study's best so far. */
  | { type: 'trial'; studyId: number; trial: Trial; best: { number: number; value: number } | null; done: number }
  | { type: 'finished'; studyId: number; status: StudyStatus; error?: ApiError };

// `cold:rmse`: the same error on the held-out rows of items never trained (docs/features.md).
const LOWER_IS_BETTER = /^((cold|warm):)?(rmse|mae|loss|mse)$/;

/** The objective a study of `model` takes when none is named. */
export function defaultObjective(model: ModelName, k = 10): string {
  if (model === 'mf') return 'valid.rmse';
  if (model === 'implicit' || model === 'ials') return `valid.ndcg@${k}`;
  if (model === 'classifier') return 'valid.loss';
  return `valid.hitrate@10`; // word2vec over item/event sessions; text corpora use `analogies`
}

export function directionOf(objective: string): Direction {
  if (objective === 'analogies') return 'maximize';
  return LOWER_IS_BETTER.test(objective.replace(/^valid\./, '')) ? 'minimize' : 'maximize';
}

/** Why an objective name cannot be used, or null: only the validation split picks configs. */
export function objectiveProblem(objective: string, analogies: string | undefined): string | null {
  if (objective === 'analogies')
    return analogies ? null : 'the analogies objective needs the questions file (--analogies FILE)';
  if (!/^valid\.[\w@.-]+$/.test(objective))
    return `objective "${objective}" is valid.<metric> (valid.rmse, valid.ndcg@10, valid.auc …) or analogies; configs are chosen on the validation split, never on test`;
  return null;
}

/** Whether `a` is a better objective value than `b` in this direction. */
export const isBetter = (direction: Direction, a: number, b: number): boolean =>
  direction === 'minimize' ? a < b : a > b;

/**
 * The request that trains a study's best config on train + valid: the same options, as many epochs as its best
 * epoch (there is no validation split left to pick one), no patience.
 */
export function finalFitRequest(study: Pick<StudyDetail, 'dataset' | 'best'>): TrainRequest | null {
  if (!study.best) return null;
  // The model's options only: a config stored by an older version may hold one the model has since dropped (mf
  // was without `features` for a while, and may lose another), which a request would be refused for. threads are
  // this machine's choice again; a fold has no place in a fit on everything.
  const { config } = study.best;
  const options: Record<string, unknown> = { model: config.model, ...(config.init ? { init: config.init } : {}) };
  for (const key of MODEL_RULES[config.model].options)
    if (key !== 'threads' && key in config) options[key] = (config as unknown as Record<string, unknown>)[key];
  // A model that carves a validation split from train when there is none must not carve one here.
  if ('holdout' in options) options.holdout = 0;
  return {
    ...(options as Omit<TrainConfig, 'folds'>),
    dataset: study.dataset,
    epochs: study.best.bestEpoch,
    patience: 0,
    trainOnValid: true,
  };
}
