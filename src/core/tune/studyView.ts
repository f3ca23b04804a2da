// A study as the contract shows it, read from its rows and its trials' runs: each trial with its objective curve,
// the best trial with its config and metrics, the options' importance, and the cross-validation with its paired
// comparisons. Everything is derived on read, so nothing a study shows can disagree with its runs.
import type {
  CrossValidation,
  CvArm,
  Objective,
  PairedComparison,
  RunDetail,
  SplitMetrics,
  StudyBest,
  StudyDetail,
  StudySummary,
  Trial,
  TuneResult,
} from '../../shared';
import { isBetter } from '../../shared';
import type { Db } from '../store/db';
import { getRun } from '../store/runs';
import { getStudyRow, listStudyRows, listTrials, type StoredStudy, type StoredTrial } from '../store/studies';
import { optionImportance } from './importance';
import type { ResolvedTune } from './resolveTune';
import { pairedInterval, summarize } from './stats';

export type Study = StoredStudy<ResolvedTune>;

/** The validation metric an objective reads (`valid.rmse` → `rmse`); null for scores computed after the run. */
export const objectiveMetric = (o: Objective): string | null =>
  o.name.startsWith('valid.') ? o.name.slice('valid.'.length) : null;

/** The objective after each epoch of a run. */
export function curveOf(run: Pick<RunDetail, 'epochs'>, o: Objective): [number, number][] {
  const metric = objectiveMetric(o);
  if (!metric) return [];
  return run.epochs.flatMap((e) => {
    const v = e.valid[metric];
    return v !== undefined && Number.isFinite(v) ? [[e.epoch, v] as [number, number]] : [];
  });
}

const runOrNull = (db: Db, id: number | null): RunDetail | null => {
  if (id === null) return null;
  try {
    return getRun(db, id);
  } catch {
    return null; // the run was deleted since
  }
};

function bestOf(study: Study, trials: StoredTrial[]): StoredTrial | null {
  let best: StoredTrial | null = null;
  for (const t of trials)
    if (t.kind === 'search' && t.state === 'complete' && t.value !== null)
      if (!best || isBetter(study.request.objective.direction, t.value, best.value!)) best = t;
  return best;
}

export function summaryOf(study: Study, trials: StoredTrial[]): StudySummary {
  const r = study.request;
  const best = bestOf(study, trials);
  return {
    id: study.id,
    datasetId: study.datasetId,
    dataset: study.dataset,
    model: study.model,
    status: study.status,
    objective: r.objective,
    sampler: r.sampler,
    pruner: r.pruner,
    budget: { trials: r.trials, minutes: r.minutes },
    seed: r.seed,
    trialsDone: trials.filter((t) => t.kind === 'search' && t.state !== 'running').length,
    bestTrial: best?.number ?? null,
    bestValue: best?.value ?? null,
    createdAt: study.createdAt,
    finishedAt: study.finishedAt,
    error: study.error,
  };
}

export function trialOf(t: StoredTrial, run: RunDetail | null, o: Objective): Trial {
  return { ...t, curve: run ? curveOf(run, o) : [], bestEpoch: run?.bestEpoch ?? null };
}

const splitsOf = (run: RunDetail | null): { valid: SplitMetrics; test: SplitMetrics } => ({
  valid: run?.result?.metrics.valid ?? {},
  test: run?.result?.metrics.test ?? {},
});

function bestDetail(db: Db, study: Study, best: StoredTrial | null): StudyBest | null {
  const run = best ? runOrNull(db, best.runId) : null;
  if (!best || !run?.result || run.model === 'imported') return null;
  return {
    trial: best.number,
    runId: run.id,
    value: best.value!,
    params: best.params,
    config: run.config as StudyBest['config'],
    bestEpoch: run.result.bestEpoch,
    metrics: splitsOf(run),
  };
}

/** Mean ± sd per metric over the folds an arm finished. */
function armOf(label: string, trials: StoredTrial[], runs: Map<number, RunDetail>, k: number): CvArm {
  const mine = trials.filter((t) => t.kind === 'cv' && t.arm === label);
  const runIds: (number | null)[] = Array.from({ length: k }, (_, f) => mine.find((t) => t.fold === f)?.runId ?? null);
  const done = mine.filter((t) => t.state === 'complete').sort((a, b) => a.fold! - b.fold!);
  const per = (split: 'valid' | 'test'): CvArm['valid'] => {
    const metrics = new Set(done.flatMap((t) => Object.keys(runs.get(t.runId!)?.result?.metrics[split] ?? {})));
    const out: CvArm['valid'] = {};
    for (const m of metrics) {
      const values = done.map((t) => runs.get(t.runId!)?.result?.metrics[split][m]).filter(Number.isFinite);
      if (values.length === done.length) out[m] = summarize(values as number[]);
    }
    return out;
  };
  return { label, params: mine[0]?.params ?? {}, runIds, done: done.length, valid: per('valid'), test: per('test') };
}

/** Every other arm against the first (the reference, e.g. the defaults), on the objective's metric, valid and test. */
function comparisonsOf(arms: CvArm[], o: Objective, k: number): PairedComparison[] {
  const metric = objectiveMetric(o);
  const [a, ...rest] = arms;
  if (!metric || !a || a.done !== k) return [];
  const out: PairedComparison[] = [];
  for (const b of rest) {
    if (b.done !== k) continue;
    for (const split of ['valid', 'test'] as const) {
      const x = a[split][metric];
      const y = b[split][metric];
      if (!x || !y) continue;
      const ci = pairedInterval(x.values, y.values);
      const bBetter = o.direction === 'minimize' ? ci.high < 0 : ci.low > 0;
      const aBetter = o.direction === 'minimize' ? ci.low > 0 : ci.high < 0;
      const verdict = bBetter ? `${b.label} better` : aBetter ? `${a.label} better` : 'no clear difference';
      out.push({ a: a.label, b: b.label, split, metric, ...ci, level: 0.95, folds: k, verdict });
    }
  }
  return out;
}

function crossValidationOf(db: Db, study: Study, trials: StoredTrial[]): CrossValidation | null {
  const cv = study.request.crossValidate;
  if (!cv) return null;
  const cvTrials = trials.filter((t) => t.kind === 'cv');
  const runs = new Map<number, RunDetail>();
  for (const t of cvTrials) {
    const run = runOrNull(db, t.runId);
    if (run) runs.set(run.id, run);
  }
  const labels = [...new Set(cvTrials.map((t) => t.arm!))];
  const arms = labels.map((l) => armOf(l, cvTrials, runs, cv.k));
  return {
    k: cv.k,
    by: cv.by,
    seed: study.request.seed,
    arms,
    comparisons: comparisonsOf(arms, study.request.objective, cv.k),
  };
}

export function studyDetail(db: Db, id: number): StudyDetail {
  const study = getStudyRow<ResolvedTune>(db, id);
  const stored = listTrials(db, id);
  const r = study.request;
  const trials = stored.map((t) => trialOf(t, runOrNull(db, t.runId), r.objective));
  const scored = stored
    .filter((t) => t.kind === 'search' && t.state === 'complete' && t.value !== null)
    .map((t) => ({ params: t.params, value: t.value! }));
  return {
    ...summaryOf(study, stored),
    space: r.space,
    fixed: r.fixed,
    parallel: r.parallel,
    trials,
    best: bestDetail(db, study, bestOf(study, stored)),
    importance: optionImportance(scored, Object.keys(r.space)),
    crossValidation: crossValidationOf(db, study, stored),
  };
}

export const listStudies = (db: Db): StudySummary[] =>
  listStudyRows<ResolvedTune>(db).map((s) => summaryOf(s, listTrials(db, s.id)));

/** What `ewb tune --json` ends with. */
export function tuneResult(d: StudyDetail): TuneResult {
  const out: TuneResult = {
    type: 'result',
    studyId: d.id,
    status: d.status,
    trials: d.trials.filter((t) => t.kind === 'search').length,
    best: d.best ? { runId: d.best.runId, config: d.best.config, metrics: d.best.metrics } : null,
  };
  if (d.crossValidation) out.crossValidation = d.crossValidation;
  return out;
}
