// What a study does next, from its stored state alone: the next search trial while the budget lasts (proposed by
// the sampler from the finished trials), then each fold of each config to cross-validate; and the train request
// of a trial. Deterministic, so a study resumed after a restart plans exactly what it would have.
import type { FoldSpec, SearchValue, TrainOptions, TrainRequest } from '../../shared';
import { isBetter } from '../../shared';
import type { StoredTrial } from '../store/studies';
import type { ResolvedTune } from './resolveTune';
import type { Observation, Sampler } from './samplers';

export interface Arm {
  label: string;
  /** The options its runs train with. */
  options: TrainOptions;
  /** What it is shown with: a search trial's params, or a candidate's options. */
  params: Record<string, SearchValue>;
}

/** The label of the search trial that trains the defaults (ResolvedTune.defaultsTrial). */
export const DEFAULTS_ARM = 'defaults';

export type Next =
  | { kind: 'search'; params: Record<string, SearchValue>; arm?: typeof DEFAULTS_ARM }
  | { kind: 'cv'; arm: Arm; fold: number };

/** Search trials as the sampler sees them (lower is better), running ones marked. */
export function historyOf(r: ResolvedTune, trials: readonly StoredTrial[]): Observation[] {
  const sign = r.objective.direction === 'minimize' ? 1 : -1;
  return trials
    .filter((t) => t.kind === 'search')
    .map((t) => ({
      params: t.params,
      loss: t.state === 'complete' && t.value !== null ? sign * t.value : null,
      ...(t.state === 'running' ? { running: true } : t.state === 'pruned' ? { pruned: true } : {}),
    }));
}

const scalars = (o: TrainOptions): Record<string, SearchValue> => {
  const out: Record<string, SearchValue> = {};
  for (const [key, value] of Object.entries(o))
    if (typeof value === 'number' || typeof value === 'string') out[key] = value;
  return out;
};

/** The configs to cross-validate: the candidates (defaults first), then the best `top` distinct search trials. */
export function armsOf(r: ResolvedTune, trials: readonly StoredTrial[]): Arm[] {
  const cv = r.crossValidate;
  if (!cv) return [];
  const arms: Arm[] = cv.candidates.map((c) => ({
    label: c.label,
    options: { ...r.fixed, ...c.options },
    params: scalars(c.options),
  }));
  const done = trials
    .filter((t) => t.kind === 'search' && t.state === 'complete' && t.value !== null)
    .sort((a, b) =>
      a.value === b.value ? a.number - b.number : isBetter(r.objective.direction, a.value!, b.value!) ? -1 : 1,
    );
  const seen = new Set<string>();
  for (const t of done) {
    if (arms.length >= cv.candidates.length + cv.top) break;
    const key = JSON.stringify(t.params);
    if (seen.has(key)) continue;
    seen.add(key);
    arms.push({ label: `trial ${t.number}`, options: { ...r.searchFixed, ...t.params }, params: t.params });
  }
  return arms;
}

export function nextTrial(
  r: ResolvedTune,
  trials: readonly StoredTrial[],
  sampler: Sampler,
  timeUp: boolean,
): Next | null {
  const search = trials.filter((t) => t.kind === 'search');
  if ((r.trials === null || search.length < r.trials) && !timeUp) {
    // The defaults go first: the sampler's start-up trials then count them, and the best never ends worse.
    if (r.defaultsTrial && search.length === 0) return { kind: 'search', params: r.defaultsTrial, arm: DEFAULTS_ARM };
    return { kind: 'search', params: sampler(r.space, historyOf(r, trials), nextNumber(trials)) };
  }
  // Cross-validation starts once every search trial has ended: it validates the best of them.
  if (!r.crossValidate || search.some((t) => t.state === 'running')) return null;
  for (const arm of armsOf(r, trials))
    for (let fold = 0; fold < r.crossValidate.k; fold++)
      if (!trials.some((t) => t.kind === 'cv' && t.arm === arm.label && t.fold === fold))
        return { kind: 'cv', arm, fold };
  return null;
}

export const nextNumber = (trials: readonly StoredTrial[]): number =>
  trials.reduce((a, t) => Math.max(a, t.number), 0) + 1;

/** The options a stored trial trains with. */
export function optionsOf(r: ResolvedTune, trials: readonly StoredTrial[], t: StoredTrial): TrainOptions {
  if (t.kind === 'search') return { ...r.searchFixed, ...t.params };
  const arm = armsOf(r, trials).find((a) => a.label === t.arm);
  if (!arm) throw new Error(`study trial ${t.number}: no config "${t.arm}" to cross-validate`);
  return arm.options;
}

/** A trial's run: its options, the study's seed unless fixed, threads shared out between parallel trials. */
export function requestOf(r: ResolvedTune, options: TrainOptions, cores: number, fold: number | null): TrainRequest {
  const req: TrainRequest = {
    ...options,
    dataset: r.dataset,
    model: r.model,
    seed: options.seed ?? r.seed,
    threads: options.threads ?? Math.max(1, Math.floor(cores / r.parallel)),
  };
  if (fold !== null && r.crossValidate) {
    const folds: FoldSpec = { k: r.crossValidate.k, fold, by: r.crossValidate.by, seed: r.seed };
    req.folds = folds;
  }
  return req;
}
