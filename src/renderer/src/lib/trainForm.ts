// The Train form, generated from the shared training rules (src/shared/training): which fields a model shows,
// their defaults, what a typed value means, and the request they make, checked by the very function the core
// runs (`checkTrainRequest`). Nothing here restates a range, a default or an engine rule (pure).
import type {
  AllOptions,
  DatasetSummary,
  EngineChoice,
  ModelName,
  OptionKey,
  SparkOptions,
  TrainRequest,
} from '../../../shared';
import {
  availableModels,
  checkTrainRequest,
  defaultsFor,
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

/** A value of the rules as the form shows it: lists as `64, 32`, per-column values as `Country=8, Hour=4`. */
export function fieldValue(key: OptionKey, value: unknown): FieldValue {
  if (OPTION_RULES[key].kind === 'list') return Array.isArray(value) ? value.join(', ') : '';
  if (OPTION_RULES[key].kind === 'keyed')
    return typeof value === 'object' && value !== null
      ? Object.entries(value)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ')
      : '';
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
  if (OPTION_RULES[key].kind === 'keyed' && typeof value === 'string') return keyedValue(value);
  if (OPTION_RULES[key].kind !== 'list' || typeof value !== 'string') return value;
  const parts = value.split(/[\s,]+/).filter((p) => p !== '');
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'none')) return [];
  const sizes = parts.map(Number);
  return sizes.every(Number.isFinite) ? sizes : value;
}

/** `Country=8, Hour=4` → { Country: 8, Hour: 4 }; empty → undefined; a malformed part keeps the text (refused). */
function keyedValue(text: string): unknown {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  const pairs = parts.map((p) => {
    const eq = p.lastIndexOf('=');
    return eq > 0 ? ([p.slice(0, eq).trim(), Number(p.slice(eq + 1).trim())] as const) : null;
  });
  return pairs.every((p) => p !== null && Number.isFinite(p[1]))
    ? Object.fromEntries(pairs as [string, number][])
    : text;
}

/** Why a field's value will be refused, or null. An empty field is refused unless its rule allows it. */
export function fieldProblem(key: OptionKey, value: FieldValue | undefined): string | null {
  const rule = OPTION_RULES[key];
  const v = optionValue(key, value);
  if (v === undefined) return 'empty' in rule && rule.empty ? null : `${key} is required: ${ruleText(rule)}`;
  return optionProblem(key, v);
}

const engineOf = (draft: TrainDraft): EngineChoice => (draft.engine as EngineChoice | undefined) ?? 'auto';

/** The options the form shows for `model` as it is set, on `dataset` (on Spark: only those MLlib has). */
export const shownOptions = (
  model: ModelName,
  draft: TrainDraft,
  dataset?: DatasetSummary,
  onSpark = false,
): readonly OptionKey[] =>
  optionsShown(model, onSpark ? 'spark' : engineOf(draft), {
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

/** The draft's fields that take other defaults on `engine` (or on Spark), as field values. */
function engineFields(model: ModelName, engine: EngineChoice | 'spark'): TrainDraft {
  const rules = MODEL_RULES[model].engineDefaults as
    Partial<Record<EngineChoice | 'spark', Partial<AllOptions>>> | undefined;
  return Object.fromEntries(Object.entries(rules?.[engine] ?? {}).map(([k, v]) => [k, fieldValue(k as OptionKey, v)]));
}

/**
 * The draft with `key` set to `value`, and the fields whose defaults depend on that choice set to its defaults
 * (implicit: loss bpr brings BPR's penalty, negatives and epochs; back to warp, WARP's).
 */
export function withChoice(model: ModelName, draft: TrainDraft, key: OptionKey, value: FieldValue): TrainDraft {
  const byValue = MODEL_RULES[model].choiceDefaults?.[key] as Record<string, Partial<AllOptions>> | undefined;
  if (!byValue) return { ...draft, [key]: value };
  const keys = new Set(Object.values(byValue).flatMap((d) => Object.keys(d) as OptionKey[]));
  const defaults = defaultsFor(model, engineOf(draft), { [key]: value });
  return { ...draft, [key]: value, ...Object.fromEntries([...keys].map((k) => [k, fieldValue(k, defaults[k])])) };
}

/** A new engine, with the defaults that differ on it (implicit on tfjs: loss bpr, as it has no warp, and BPR's). */
export function withEngine(model: ModelName, draft: TrainDraft, engine: EngineChoice): TrainDraft {
  let out: TrainDraft = { ...draft, engine, ...engineFields(model, engine) };
  for (const key of Object.keys(MODEL_RULES[model].choiceDefaults ?? {}) as OptionKey[])
    if (out[key] !== draft[key]) out = withChoice(model, out, key, out[key]!);
  return out;
}

/** The draft once "Run on Spark" is on: the defaults that differ there (mf: λ for MLlib's ALS-WR, ν = 1). */
export const withSpark = (model: ModelName, draft: TrainDraft): TrainDraft => ({
  ...draft,
  ...engineFields(model, 'spark'),
});

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
        : kind === 'list' || kind === 'keyed'
          ? typeof value === 'string'
          : choicesOf(model, key).includes(value as string);
    if (fits) draft[key] = value as FieldValue;
  }
  return draft;
}

/**
 * The settings of an earlier run as a draft (the Train form starts from the newest run of a model when it has
 * none saved: in browser mode saved drafts last one `ewb serve`). Threads stay empty: the cores differ by machine.
 */
export function draftFromConfig(model: ModelName, config: Partial<AllOptions>): TrainDraft {
  const saved = Object.fromEntries(
    MODEL_RULES[model].options.filter((k) => k !== 'threads').map((k) => [k, fieldValue(k, config[k])]),
  );
  return restoreDraft(model, saved);
}

/** `spark`: where the run goes when it goes to Spark (the Train view adds it, lib/sparkForm.ts). */
export type BuiltRequest =
  { ok: true; request: TrainRequest; spark?: SparkOptions } | { ok: false; problems: string[] };

/**
 * The request for `model` on `dataset` (on Spark: MLlib's options only): the fields shown, empty ones left to
 * the core, `auto` left out. It is
 * checked as the core checks it; `threads` is left out when empty, so the cores counted here do not matter.
 */
export function buildTrainRequest(
  dataset: DatasetSummary,
  model: ModelName,
  draft: TrainDraft,
  onSpark = false,
): BuiltRequest {
  const request: TrainRequest = { dataset: dataset.name, model };
  const missing: string[] = [];
  for (const key of shownOptions(model, draft, dataset, onSpark)) {
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
