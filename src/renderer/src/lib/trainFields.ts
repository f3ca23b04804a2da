// The Train form's fields as the components show them, read off the shared rules: label, description (what it
// does, the chosen value's line, the default), input limits, choices, and the problem with the value (pure).
import type { DatasetSummary, ModelName, OptionKey } from '../../../shared';
import { MODEL_RULES, MODELS, OPTION_KEYS, OPTION_RULES } from '../../../shared';
import { choicesOf, defaultText, fieldProblem, shownOptions, type TrainDraft } from './trainForm';

export interface FieldView {
  key: OptionKey;
  /** `keyed` (per-column values, `Country=8, StockCode=32`) is edited as text, like a list. */
  kind: 'number' | 'choice' | 'list' | 'keyed';
  /** Short: what screen readers name the field. */
  label: string;
  /** The field's description. */
  hint: string;
  problem: string | null;
  /** number: the input's limits (a browser hint; the rules decide) and its text while empty. */
  min?: number;
  max?: number;
  step?: number | 'any';
  placeholder?: string;
  /** choice: the values offered. */
  values?: readonly string[];
}

/** Parts of a description end as sentences (some value lines of the rules have no full stop). */
const sentence = (s: string): string => (/[.!?]$/.test(s) ? s : `${s}.`);

export function fieldView(model: ModelName, key: OptionKey, draft: TrainDraft): FieldView {
  const rule = OPTION_RULES[key];
  const value = draft[key];
  const hints = rule.kind === 'choice' ? (rule.valueHints as Partial<Record<string, string>> | undefined) : undefined;
  const line = typeof value === 'string' ? hints?.[value] : undefined;
  const view: FieldView = {
    key,
    kind: rule.kind,
    label: rule.label,
    hint: [rule.hint, line ?? '', `Default: ${defaultText(model, key)}`]
      .filter((part) => part !== '')
      .map(sentence)
      .join(' '),
    problem: fieldProblem(key, value),
  };
  if (rule.kind === 'number') {
    if (Number.isFinite(rule.min)) view.min = rule.min;
    view.max = rule.max;
    view.step = rule.integer ? 1 : 'any';
    view.placeholder = rule.empty;
  } else if (rule.kind === 'choice') view.values = choicesOf(model, key);
  else view.placeholder = rule.kind === 'keyed' ? rule.empty : 'none';
  return view;
}

/** Options most models take (dim, epochs … patience): the form's first fieldset; the rest are the model's own. */
const MOSTLY_SHARED = new Set(
  OPTION_KEYS.filter((k) => MODELS.filter((m) => MODEL_RULES[m].options.includes(k)).length > MODELS.length / 2),
);

export interface FieldGroup {
  legend: string;
  fields: FieldView[];
}

/** The fields shown (on Spark: MLlib's only), in the rules' order: those most models take, then the model's own. */
export function fieldGroups(
  model: ModelName,
  draft: TrainDraft,
  dataset: DatasetSummary | undefined,
  onSpark = false,
): FieldGroup[] {
  const fields = shownOptions(model, draft, dataset, onSpark).map((k) => fieldView(model, k, draft));
  return [
    { legend: 'Training', fields: fields.filter((f) => MOSTLY_SHARED.has(f.key)) },
    { legend: `${model} options`, fields: fields.filter((f) => !MOSTLY_SHARED.has(f.key)) },
  ].filter((g) => g.fields.length > 0);
}
