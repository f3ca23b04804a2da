// The Tune panel's form, generated from the shared rules: a spec per searchable option (the model's default space
// filled in, the rest empty = held at its default), the objective, budget, sampler, pruner and folds; and the
// study request it makes, every spec checked by the parser the CLI uses (pure).
import type { ModelName, OptionKey, PrunerName, SamplerName, SearchSpace, TuneRequest } from '../../../shared';
import {
  DEFAULT_SPACES,
  defaultObjective,
  formatDimension,
  MODEL_RULES,
  OPTION_RULES,
  parseDimension,
  TUNE_FIXED,
} from '../../../shared';

export interface TuneDraft {
  /** Option → spec (`0.003..0.1:log`, `16|32|64`); empty: not searched. */
  space: Partial<Record<OptionKey, string>>;
  objective: string;
  trials: number | null;
  minutes: number | null;
  /** Epochs of each trial (patience keeps the best epoch and stops a finished curve). */
  epochs: number | null;
  sampler: SamplerName;
  pruner: PrunerName;
  /** k-fold cross-validation of the defaults and the best trial afterwards; null or 0: none. */
  folds: number | null;
  seed: number | null;
  /** Trial 1 trains the defaults (when the space holds them); off: the sampler proposes it too. */
  defaultsTrial: boolean;
}

/** Options that say how a run is made rather than what it learns, or change what the objective measures. */
// Side features and the validation share (holdout) are choices about the data, not settings to search: a
// trial with a larger holdout would be scored on other rows.
const NOT_SEARCHED: readonly OptionKey[] = [
  'seed',
  'threads',
  'engine',
  'epochs',
  'patience',
  'k',
  'threshold',
  'features',
  'holdout',
];

/** The options of a model the panel offers to search: numbers and choices, in the rules' form order. */
export const searchableOptions = (model: ModelName): OptionKey[] =>
  MODEL_RULES[model].options.filter(
    (k) => !NOT_SEARCHED.includes(k) && OPTION_RULES[k].kind !== 'list' && OPTION_RULES[k].kind !== 'keyed',
  );

export function defaultTuneDraft(model: ModelName): TuneDraft {
  const space: TuneDraft['space'] = {};
  for (const key of searchableOptions(model)) {
    const d = DEFAULT_SPACES[model][key];
    space[key] = d ? formatDimension(d) : '';
  }
  // Empty: each trial its model's own epochs (implicit: per loss, as a trial's loss may be searched).
  const epochs = (TUNE_FIXED[model].epochs as number | undefined) ?? null;
  return {
    space,
    objective: defaultObjective(model),
    trials: 20,
    minutes: null,
    epochs,
    sampler: 'tpe',
    pruner: 'median',
    folds: null,
    seed: 42,
    defaultsTrial: true,
  };
}

export type BuiltTune = { ok: true; request: TuneRequest } | { ok: false; problems: string[] };

/** The study request, or every problem of the draft (one per field). */
export function buildTuneRequest(dataset: string, model: ModelName, draft: TuneDraft): BuiltTune {
  const problems: string[] = [];
  const space: SearchSpace = {};
  for (const [key, spec] of Object.entries(draft.space) as [OptionKey, string][]) {
    if (!spec?.trim()) continue;
    try {
      space[key] = parseDimension(key, spec);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (Object.keys(space).length === 0) problems.push('give at least one option a range or a list to search');
  if (draft.trials === null && draft.minutes === null) problems.push('give a number of trials, minutes, or both');
  if (draft.trials !== null && (!Number.isInteger(draft.trials) || draft.trials < 1))
    problems.push('trials must be a whole number ≥ 1');
  if (draft.folds && (!Number.isInteger(draft.folds) || draft.folds < 2 || draft.folds > 20))
    problems.push('folds must be from 2 to 20 (empty: no cross-validation)');
  if (problems.length > 0) return { ok: false, problems };
  const request: TuneRequest = {
    dataset,
    model,
    space,
    objective: draft.objective.trim() || defaultObjective(model),
    sampler: draft.sampler,
    pruner: draft.pruner,
  };
  if (draft.trials !== null) request.trials = draft.trials;
  if (draft.minutes !== null) request.minutes = draft.minutes;
  if (draft.seed !== null) request.seed = draft.seed;
  if (draft.epochs !== null) request.fixed = { epochs: draft.epochs };
  if (draft.folds) request.crossValidate = { k: draft.folds };
  if (!draft.defaultsTrial) request.defaultsTrial = false;
  return { ok: true, request };
}
