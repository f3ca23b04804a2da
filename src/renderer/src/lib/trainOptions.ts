// The Train form's state per model, its defaults, its problems, and the request it makes (pure).
import type { DatasetSummary, EngineChoice, ImplicitLoss, ModelName, Schedule, TrainRequest } from '../../../shared';
import { classifierRequest, defaultClassifierDraft, type ClassifierDraft } from './classifierOptions';
import { TRAIN_DEFAULTS } from './trainDefaults';
import { commonFields, fieldsFor, SCHEDULES, spec, type NumberKey, type NumberSpec } from './trainFields';

/** One model's form: numbers are null while empty (threads and threshold may stay empty). */
export type TrainDraft = { [K in NumberKey]: number | null } & {
  schedule: Schedule;
  loss: ImplicitLoss;
  /** auto (the default, left out of the request), cpu or tfjs. */
  engine?: EngineChoice;
  /** The classifier's own options (ClassifierOptions.vue); set for the classifier only. */
  classifier?: ClassifierDraft;
};

/** Why the tfjs engine cannot train this model as set, or null (config.ts refuses the same on the backend). */
export function engineProblem(model: ModelName, draft: TrainDraft): string | null {
  if (model === 'classifier' && draft.engine === 'cpu')
    return 'the classifier trains on the tfjs engine only: choose engine tfjs or auto';
  if (draft.engine !== 'tfjs') return null;
  if (model === 'cbow') return 'cbow trains on the CPU engine only: choose engine cpu or auto, or model sgns';
  if (model === 'implicit' && draft.loss !== 'bpr') return 'the tfjs engine trains implicit with loss bpr only';
  return null;
}

const EMPTY: { [K in NumberKey]: null } = {
  dim: null,
  epochs: null,
  lr: null,
  seed: null,
  threads: null,
  patience: null,
  reg: null,
  regBias: null,
  k: null,
  threshold: null,
  window: null,
  negative: null,
  sample: null,
  minCount: null,
  nsExponent: null,
};

export function defaultDraft(model: ModelName): TrainDraft {
  const defaults = TRAIN_DEFAULTS[model];
  const draft: TrainDraft = { ...EMPTY, schedule: defaults.schedule, loss: defaults.loss ?? 'warp' };
  // threads has no default: left empty, the backend uses every core.
  for (const key of Object.keys(EMPTY) as NumberKey[]) if (key !== 'threads') draft[key] = defaults[key] ?? null;
  if (model === 'classifier') draft.classifier = defaultClassifierDraft();
  return draft;
}

/** The default of a field as the hint shows it: `0.05`, `1e-4`, `all cores`. */
export function defaultText(model: ModelName, key: NumberKey): string {
  const value = defaultDraft(model)[key];
  if (value === null) return spec(key).empty ?? 'none';
  return Math.abs(value) > 0 && Math.abs(value) < 1e-3 ? value.toExponential() : String(value);
}

/** What is wrong with a value, or null. */
export function fieldProblem(s: NumberSpec, value: number | null): string | null {
  if (value === null) return s.empty ? null : `${s.label} is required`;
  if (s.integer && !Number.isInteger(value)) return `${s.label} must be a whole number`;
  if (s.aboveMin ? value <= s.min : value < s.min)
    return `${s.label} must be ${s.aboveMin ? 'above' : 'at least'} ${s.min}`;
  if (s.max !== undefined && value > s.max) return `${s.label} must be at most ${s.max}`;
  return null;
}

export type BuiltRequest = { ok: true; request: TrainRequest } | { ok: false; problems: string[] };

/** The request for `model`: the common fields and the model's own, nothing of other models; empty ones left out. */
export function buildTrainRequest(dataset: DatasetSummary, model: ModelName, draft: TrainDraft): BuiltRequest {
  const specs = [...commonFields(model), ...fieldsFor(model, dataset)];
  const problems = specs.map((s) => fieldProblem(s, draft[s.key])).filter((p): p is string => p !== null);
  if (!SCHEDULES[model].includes(draft.schedule))
    problems.push(`${model} trains with schedule ${SCHEDULES[model].join(' or ')}`);
  const engine = engineProblem(model, draft);
  if (engine) problems.push(engine);
  const classifier = model === 'classifier' ? classifierRequest(draft.classifier ?? defaultClassifierDraft()) : null;
  if (classifier && !classifier.ok) problems.push(...classifier.problems);
  if (problems.length > 0) return { ok: false, problems };
  const request: TrainRequest = { dataset: dataset.name, model, schedule: draft.schedule };
  if (draft.engine && draft.engine !== 'auto') request.engine = draft.engine;
  for (const s of specs) {
    const value = draft[s.key];
    if (value !== null) request[s.key] = value;
  }
  if (model === 'implicit') request.loss = draft.loss;
  if (classifier?.ok) Object.assign(request, classifier.request);
  return { ok: true, request };
}
