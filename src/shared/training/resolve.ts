// A request becomes a config by walking the rules: the model's defaults filled in, every option checked against
// its rule, the schedule and the engine against the model's. Pure, so the Train form runs the very same checks
// before it sends a request (core/config.ts runs them again at the boundary).
import type { DatasetSummary } from '../datasets';
import { WorkbenchError } from '../errors';
import {
  FOLD_BY,
  MODELS,
  type AllOptions,
  type FoldSpec,
  type ModelName,
  type OptionKey,
  type TrainConfig,
  type TrainRequest,
} from './config';
import { MODEL_RULES } from './models';
import { OPTION_RULES, optionProblem } from './options';

export type Checked = { ok: true; config: TrainConfig } | { ok: false; problems: string[] };

/** The engine named in a request, or `auto`. */
const engineOf = (req: TrainRequest): string => req.engine ?? 'auto';

/** Checks a request and resolves it, collecting every problem; `cores` is the default of `threads`. */
export function checkTrainRequest(req: TrainRequest, cores: number): Checked {
  const model = req.model ?? 'mf';
  if (!(MODELS as readonly unknown[]).includes(model))
    return { ok: false, problems: [`model "${String(model)}" is not one of ${MODELS.join(', ')}`] };
  const rule = MODEL_RULES[model];
  const problems: string[] = [];
  const given: Partial<AllOptions> = {};
  for (const [key, value] of Object.entries(req)) {
    if (key === 'dataset' || key === 'model' || value === undefined) continue;
    if (key === 'init' || key === 'folds' || key === 'trainOnValid') {
      (given as Record<string, unknown>)[key] = value;
      continue;
    }
    if (!rule.options.includes(key as OptionKey)) {
      if (key === 'patience' && !rule.validates) {
        if (value !== 0)
          problems.push(`patience needs a validation score; ${model} has none (use it with mf or implicit)`);
      } else problems.push(`${model} has no option "${key}"; its options are ${rule.options.join(', ')}`);
      continue;
    }
    (given as Record<string, unknown>)[key] = value;
  }
  // A final fit on train + valid carves no validation split of its own from what it trains on.
  if (given.trainOnValid && rule.options.includes('holdout') && given.holdout === undefined) given.holdout = 0;
  const config = { ...defaultsFor(model, engineOf(req), given), threads: cores, ...given, model } as TrainConfig;
  for (const key of rule.options) {
    const value = (config as unknown as Record<string, unknown>)[key];
    if (value === undefined && 'empty' in OPTION_RULES[key]) continue;
    const problem = optionProblem(key, value);
    if (problem) problems.push(problem);
  }
  if ('schedule' in config && !rule.schedules.includes(config.schedule))
    problems.push(`${model} trains with schedule ${rule.schedules.join(' or ')} (got ${config.schedule})`);
  if (problems.length === 0) {
    const refused = (rule.refuses as ((c: TrainConfig) => string | null) | undefined)?.(config);
    const problem = refused ?? engineProblem(config);
    if (problem) problems.push(problem);
  }
  problems.push(...initProblems(config.init), ...splitProblems(config));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}

/**
 * A model's defaults as a request gets them: the model's, then the engine's where one is asked for (or Spark's),
 * then those of the choices the request (or the engine) makes — implicit's BPR has its own.
 */
export function defaultsFor(model: ModelName, engine: string, chosen: Partial<AllOptions> = {}): Partial<AllOptions> {
  const rule = MODEL_RULES[model];
  const onEngine =
    engine === 'cpu' || engine === 'tfjs' || engine === 'spark'
      ? (rule.engineDefaults?.[engine] as Partial<AllOptions> | undefined)
      : undefined;
  const out: Partial<AllOptions> = { ...(rule.defaults as Partial<AllOptions>), ...onEngine };
  const byChoice = (rule.choiceDefaults ?? {}) as Partial<Record<OptionKey, Record<string, Partial<AllOptions>>>>;
  for (const [key, values] of Object.entries(byChoice) as [OptionKey, Record<string, Partial<AllOptions>>][]) {
    const value = chosen[key] ?? out[key];
    Object.assign(out, values[String(value)]);
  }
  return out;
}

/** Why the engine a config asks for cannot train it, or null. */
export function engineProblem(config: TrainConfig): string | null {
  if (config.engine === 'auto') return null;
  const engines = MODEL_RULES[config.model].engines as Record<string, ((c: TrainConfig) => string | null) | undefined>;
  const check = engines[config.engine];
  if (!check) {
    const other = Object.keys(engines)[0]!;
    return `${config.model} trains on the ${other} engine only; use --engine ${other} or auto`;
  }
  return check(config);
}

/** `init` is written by hand in scripts and crosses the network: check its shape, not only its type. */
function initProblems(init: unknown): string[] {
  if (init === undefined) return [];
  if (typeof init !== 'object' || init === null || Array.isArray(init))
    return ['init maps table names to {runId, table?, trainable?}'];
  const out: string[] = [];
  for (const [table, source] of Object.entries(init as Record<string, unknown>)) {
    const s = source as { runId?: unknown; table?: unknown; trainable?: unknown } | null;
    if (typeof s !== 'object' || s === null || !Number.isInteger(s.runId))
      out.push(`init.${table} needs a runId (the run whose table initialises it)`);
    else if (s.table !== undefined && typeof s.table !== 'string') out.push(`init.${table}.table must be a table name`);
    else if (s.trainable !== undefined && typeof s.trainable !== 'boolean')
      out.push(`init.${table}.trainable must be true or false`);
  }
  return out;
}

/** The split overrides (cross-validation folds, train + valid) cross the network too: check their shape. */
function splitProblems(config: TrainConfig): string[] {
  const { folds, trainOnValid } = config;
  const out: string[] = [];
  if (trainOnValid !== undefined && typeof trainOnValid !== 'boolean') out.push('trainOnValid must be true or false');
  if (folds === undefined) return out;
  const f = folds as Partial<FoldSpec> | null;
  if (typeof f !== 'object' || f === null) return [...out, 'folds is {k, fold, by, seed}'];
  if (!Number.isInteger(f.k) || f.k! < 2 || f.k! > 100)
    out.push(`folds.k must be a whole number from 2 to 100 (got ${f.k})`);
  else if (!Number.isInteger(f.fold) || f.fold! < 0 || f.fold! >= f.k!)
    out.push(`folds.fold must be a whole number from 0 to ${f.k! - 1} (got ${f.fold})`);
  if (!(FOLD_BY as readonly unknown[]).includes(f.by)) out.push(`folds.by is ${FOLD_BY.join(' or ')} (got ${f.by})`);
  if (!Number.isInteger(f.seed)) out.push(`folds.seed must be a whole number (got ${f.seed})`);
  if (trainOnValid) out.push('folds and trainOnValid exclude each other: a fold is the validation split');
  return out;
}

/** Resolves a request or throws `BadRequest` with every problem in one message. */
export function resolveTrainRequest(req: TrainRequest, cores: number): TrainConfig {
  const checked = checkTrainRequest(req, cores);
  if (!checked.ok) throw new WorkbenchError('BadRequest', checked.problems.join('; '));
  return checked.config;
}

/** Why `model` cannot train on `dataset`, in one line; null when it can. */
export function unavailableReason(model: ModelName, d: DatasetSummary): string | null {
  if (d.kind === 'vectors')
    return 'this dataset is imported vectors; train on interactions or sequences and initialise a table from it';
  return MODEL_RULES[model].fits(d);
}

export const availableModels = (d: DatasetSummary): ModelName[] =>
  MODELS.filter((m) => unavailableReason(m, d) === null);
