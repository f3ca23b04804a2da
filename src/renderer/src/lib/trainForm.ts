// The Train form, generated from the shared training rules (src/shared/training): which fields a model shows,
// their defaults, what a typed value means, and the request they make, checked by the very function the core
// runs (`checkTrainRequest`). Nothing here restates a range, a default or an engine rule (pure).
import type { AllOptions, DatasetSummary, EngineChoice, ModelName, OptionKey, TrainRequest } from '../../../shared';
import {
  availableModels,
  checkTrainRequest,
  ENGINE_CHOICES,
  MODEL_RULES,
  OPTION_RULES,
  optionProblem,
  optionsShown,
  ruleText,
  unavailableReason,
} from '../../../shared';

/** A field as it is edited: a number (null while empty), a choice, or a list as typed (`64, 32`). */
export type FieldValue = number | string | null;
/** One model's form: a value for each of its options. */
export type TrainDraft = Partial<Record<OptionKey, FieldValue>>;

/** A value of the rules as the form shows it: lists as `64, 32`, absent as empty. */
export function fieldValue(key: OptionKey, value: unknown): FieldValue {
  if (OPTION_RULES[key].kind === 'list') return Array.isArray(value) ? value.join(', ') : '';
  return typeof value === 'number' || typeof value === 'string' ? value : null;
}

const defaultsOf = (model: ModelName): Partial<AllOptions> => MODEL_RULES[model].defaults as Partial<AllOptions>;

/** The model's defaults; options without one (threads, threshold) stay empty and the core decides. */
export function defaultDraft(model: ModelName): TrainDraft {
  const defaults = defaultsOf(model);
  return Object.fromEntries(MODEL_RULES[model].options.map((k) => [k, fieldValue(k, defaults[k])]));
}

/** `1e-4`, `0.001`, `16`, `none`, `all cores`: a default as the field's description gives it. */
export function defaultText(model: ModelName, key: OptionKey): string {
  const rule = OPTION_RULES[key];
  const value = defaultsOf(model)[key];
  if (value === undefined) return 'empty' in rule && rule.empty ? rule.empty : 'auto';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
  if (typeof value === 'number' && value > 0 && value < 1e-3) return value.toExponential();
  return String(value);
}

/**
 * What the form sends for a field: undefined when empty; a list's text as numbers (`none` or nothing: no
 * layers), or as typed when a part is not a number, so that the rule refuses it and says why.
 */
export function optionValue(key: OptionKey, value: FieldValue | undefined): unknown {
  if (value === null || value === undefined) return undefined;
  if (OPTION_RULES[key].kind !== 'list' || typeof value !== 'string') return value;
  const parts = value.split(/[\s,]+/).filter((p) => p !== '');
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'none')) return [];
  const sizes = parts.map(Number);
  return sizes.every(Number.isFinite) ? sizes : value;
}

/** Why a field's value will be refused, or null. An empty field is refused unless its rule allows it. */
export function fieldProblem(key: OptionKey, value: FieldValue | undefined): string | null {
  const rule = OPTION_RULES[key];
  const v = optionValue(key, value);
  if (v === undefined) return 'empty' in rule && rule.empty ? null : `${key} is required: ${ruleText(rule)}`;
  return optionProblem(key, v);
}

const engineOf = (draft: TrainDraft): EngineChoice => (draft.engine as EngineChoice | undefined) ?? 'auto';

/** The options the form shows for `model` as it is set, on `dataset`, in the rules' order. */
export const shownOptions = (model: ModelName, draft: TrainDraft, dataset?: DatasetSummary): readonly OptionKey[] =>
  optionsShown(model, engineOf(draft), {
    dataset,
    encoder: draft.encoder as AllOptions['encoder'] | undefined,
    solver: draft.solver as AllOptions['solver'] | undefined,
  });

/** The values a choice offers for `model`: its schedules, auto and its engines, else the rule's values. */
export function choicesOf(model: ModelName, key: OptionKey): readonly string[] {
  const rule = OPTION_RULES[key];
  if (rule.kind !== 'choice') return [];
  if (key === 'schedule') return MODEL_RULES[model].schedules;
  if (key === 'engine') return ENGINE_CHOICES.filter((e) => e === 'auto' || e in MODEL_RULES[model].engines);
  return rule.values;
}

/** A new engine, with the defaults that differ on it (implicit on tfjs: loss bpr, as it has no warp). */
export function withEngine(model: ModelName, draft: TrainDraft, engine: EngineChoice): TrainDraft {
  const rules = MODEL_RULES[model].engineDefaults as Partial<Record<EngineChoice, Partial<AllOptions>>> | undefined;
  const changed = Object.entries(rules?.[engine] ?? {}).map(([k, v]) => [k, fieldValue(k as OptionKey, v)]);
  return { ...draft, engine, ...Object.fromEntries(changed) };
}

/**
 * A model's draft as it was saved (the last settings, `useTrainDrafts`), on today's rules: options the model no
 * longer takes and values of the wrong kind fall back to the defaults; a value out of range is kept, and the
 * form says what is wrong with it.
 */
export function restoreDraft(model: ModelName, saved: unknown): TrainDraft {
  const draft = defaultDraft(model);
  if (typeof saved !== 'object' || saved === null) return draft;
  for (const key of MODEL_RULES[model].options) {
    const value = (saved as Record<string, unknown>)[key];
    const kind = OPTION_RULES[key].kind;
    const fits =
      kind === 'number'
        ? value === null || typeof value === 'number'
        : kind === 'list'
          ? typeof value === 'string'
          : choicesOf(model, key).includes(value as string);
    if (fits) draft[key] = value as FieldValue;
  }
  return draft;
}

export type BuiltRequest = { ok: true; request: TrainRequest } | { ok: false; problems: string[] };

/**
 * The request for `model` on `dataset`: the fields shown, empty ones left to the core, `auto` left out. It is
 * checked as the core checks it; `threads` is left out when empty, so the cores counted here do not matter.
 */
export function buildTrainRequest(dataset: DatasetSummary, model: ModelName, draft: TrainDraft): BuiltRequest {
  const request: TrainRequest = { dataset: dataset.name, model };
  const missing: string[] = [];
  for (const key of shownOptions(model, draft, dataset)) {
    const value = optionValue(key, draft[key]);
    if (value === undefined) {
      const problem = fieldProblem(key, null);
      if (problem) missing.push(problem);
    } else if (!(key === 'engine' && value === 'auto')) (request as unknown as Record<string, unknown>)[key] = value;
  }
  const checked = checkTrainRequest(request, 1);
  const problems = [...missing, ...(checked.ok ? [] : checked.problems)];
  return problems.length > 0 ? { ok: false, problems } : { ok: true, request };
}

/** Keeps the current model when the dataset can train it, else the first that fits. */
export function pickModel(d: DatasetSummary | undefined, current: ModelName): ModelName {
  if (!d || unavailableReason(current, d) === null) return current;
  return availableModels(d)[0] ?? current;
}
