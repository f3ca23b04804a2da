// A study request resolved against the training rules and its dataset: the space (default per model), the fixed
// options, the objective and its direction, the budget, sampler, pruner, parallelism and cross-validation. Every
// problem is named at once (BadRequest) before any trial starts; the result is what the study row stores.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type {
  DatasetSummary,
  FoldBy,
  ModelName,
  Objective,
  PrunerName,
  SamplerName,
  SearchSpace,
  SearchValue,
  TrainOptions,
  TuneRequest,
} from '../../shared';
import {
  checkTrainRequest,
  defaultsInSpace,
  defaultSpace,
  defaultObjective,
  directionOf,
  MODELS,
  objectiveProblem,
  spaceProblems,
  TUNE_FIXED,
  unavailableReason,
  WorkbenchError,
} from '../../shared';

export interface ResolvedTune {
  dataset: string;
  model: ModelName;
  /** Options every trial holds, cross-validated ones included. */
  fixed: TrainOptions;
  /** What search trials hold besides: the study defaults of the model (TUNE_FIXED) under `fixed`. */
  searchFixed: TrainOptions;
  space: SearchSpace;
  objective: Objective;
  trials: number | null;
  minutes: number | null;
  sampler: SamplerName;
  pruner: PrunerName;
  parallel: number;
  seed: number;
  /** The first search trial's params: the defaults (null: none; absent in studies stored before it). */
  defaultsTrial?: Record<string, SearchValue> | null;
  crossValidate: { k: number; by: FoldBy; top: number; candidates: { label: string; options: TrainOptions }[] } | null;
}

const DEFAULT_TRIALS = 20;

export function resolveTuneRequest(req: TuneRequest, dataset: DatasetSummary, cores: number): ResolvedTune {
  const problems: string[] = [];
  const model = req.model;
  if (!(MODELS as readonly string[]).includes(model)) throw new WorkbenchError('BadRequest', `no model "${model}"`);
  const why = unavailableReason(model, dataset);
  if (why) problems.push(`dataset "${dataset.name}": ${model} ${why}`);
  const fixed: TrainOptions = { ...req.fixed };
  const searchFixed: TrainOptions = { ...TUNE_FIXED[model], ...fixed };
  const space = req.space ?? defaultSpace(model, searchFixed);
  problems.push(...spaceProblems(model, space));
  const check = (options: TrainOptions, what: string) => {
    const r = checkTrainRequest({ ...options, dataset: dataset.name, model }, cores);
    if (!r.ok) problems.push(...r.problems.map((p) => `${what}: ${p}`));
  };
  check(fixed, 'fixed options');
  // Each end of every range and each listed value must make a config the trainers take, with the fixed options.
  for (const [key, d] of Object.entries(space)) {
    const values: SearchValue[] = d.kind === 'choice' ? d.values : [d.low, d.high];
    for (const v of values) check({ ...searchFixed, [key]: v }, `${key}=${v}`);
  }
  const name = req.objective ?? defaultObjective(model, (searchFixed.k as number | undefined) ?? 10);
  const objectiveIssue = objectiveProblem(name, req.analogies);
  if (objectiveIssue) problems.push(objectiveIssue);
  const objective: Objective = { name, direction: req.direction ?? directionOf(name) };
  if (req.analogies) {
    // Stored absolute: a study resumed from another folder reads the same file.
    objective.analogies = resolve(req.analogies);
    if (!existsSync(objective.analogies) || !statSync(objective.analogies).isFile())
      problems.push(`${req.analogies}: no such file (the analogy questions the objective scores)`);
  }
  const trials = req.trials ?? (req.minutes === undefined ? DEFAULT_TRIALS : null);
  if (req.minutes !== undefined && !(req.minutes > 0)) problems.push(`minutes must be above 0 (got ${req.minutes})`);
  const cv = req.crossValidate;
  if (trials === 0 && !cv) problems.push('a study of 0 trials only cross-validates: give crossValidate (--folds K)');
  if (cv) {
    if (!Number.isInteger(cv.k) || cv.k < 2 || cv.k > 20) problems.push(`folds must be from 2 to 20 (got ${cv.k})`);
    if (cv.by === 'user' && dataset.kind !== 'interactions')
      problems.push('folds by user need user × item interactions; this dataset is dealt by row (sequence)');
    for (const c of cv.candidates ?? []) check({ ...fixed, ...c.options }, `candidate "${c.label}"`);
  }
  const inSpace = defaultsInSpace(model, space, searchFixed);
  if (req.defaultsTrial === true && 'outside' in inSpace)
    problems.push(`the defaults trial: ${inSpace.outside} (widen the space, or leave the defaults trial out)`);
  const parallel = req.parallel ?? Math.max(1, Math.min(cores, trials ?? cores));
  if (problems.length > 0) throw new WorkbenchError('BadRequest', problems.join('; '));
  const seed = req.seed ?? 42;
  return {
    dataset: dataset.name,
    model,
    fixed,
    searchFixed,
    space,
    objective,
    trials,
    minutes: req.minutes ?? null,
    sampler: req.sampler ?? 'tpe',
    // A score computed after the run has no curve to prune on.
    pruner: name === 'analogies' ? 'none' : (req.pruner ?? 'median'),
    parallel,
    seed,
    defaultsTrial: req.defaultsTrial !== false && 'params' in inSpace ? inSpace.params : null,
    crossValidate: cv
      ? {
          k: cv.k,
          by: cv.by ?? 'row',
          top: cv.top ?? (trials === 0 ? 0 : 1),
          candidates: cv.candidates ?? [{ label: 'defaults', options: {} }],
        }
      : null,
  };
}
