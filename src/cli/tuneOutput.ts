// What `ewb tune` prints: a line per trial as it ends, and the study's result in readable lines.
import type { CrossValidation, EventSink, StudyDetail, StudyEvent, Trial } from '../shared';
import { IMPORTANCE_METHOD, PAIRED_METHOD } from '../shared';
import { metricsLine, type Output } from './output';

const num = (v: number): string =>
  Number.isInteger(v) ? String(v) : Math.abs(v) >= 0.01 ? v.toFixed(4) : v.toExponential(2);
const f4 = (v: number): string => v.toFixed(4);

export const paramsLine = (params: Trial['params']): string =>
  Object.entries(params)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? num(v) : v}`)
    .join('  ');

function trialLine(e: Extract<StudyEvent, { type: 'trial' }>, objective: string, total: number | null): string {
  const t = e.trial;
  const what =
    t.kind === 'cv'
      ? `cv ${t.arm} fold ${t.fold! + 1}`
      : `trial ${t.number}${total ? `/${total}` : ''}${t.arm ? ` (${t.arm})` : ''}`;
  const value = t.value === null ? '' : `  ${objective} ${f4(t.value)}`;
  const best = e.best ? `  (best ${f4(e.best.value)}, trial ${e.best.number})` : '';
  const run = t.runId === null ? '' : `  run ${t.runId}`;
  const note = t.note ? `: ${t.note}` : '';
  return `${what} ${t.state}${value}${best}  ${paramsLine(t.params)}${run}${note}`;
}

/** Study events as progress: one line per trial that ends (JSON: every trial event). */
export function printStudyEvents(out: Output, objectiveOf: () => string): EventSink {
  let total: number | null = null;
  return (event, payload) => {
    if (event !== 'studies:progress') return;
    const e = payload as StudyEvent;
    if (e.type === 'started') total = e.total;
    if (out.json) {
      const { type, ...rest } = e;
      out.progress({ type: 'progress', event: type, ...rest }, '');
    } else if (e.type === 'trial' && e.trial.state !== 'running') out.progress(e, trialLine(e, objectiveOf(), total));
  };
}

export function crossValidationLines(cv: CrossValidation, objective: string): string[] {
  const lines = [`cross-validation: ${cv.k} folds by ${cv.by} (seed ${cv.seed}), mean ± sd over folds`];
  const width = Math.max(...cv.arms.map((a) => a.label.length));
  for (const a of cv.arms)
    for (const split of ['valid', 'test'] as const) {
      const m = Object.entries(a[split]).map(([k, s]) => `${k} ${f4(s.mean)} ± ${f4(s.sd)}`);
      if (m.length) lines.push(`  ${a.label.padEnd(width)}  ${split.padEnd(5)} ${m.join('  ')}`);
    }
  for (const c of cv.comparisons)
    lines.push(
      `  ${c.b} − ${c.a}: ${c.split} ${c.metric} ${f4(c.meanDiff)} [${f4(c.low)}, ${f4(c.high)}] (${c.level * 100} %): ${c.verdict}`,
    );
  if (cv.comparisons.length) lines.push(`  (${PAIRED_METHOD}; objective ${objective})`);
  return lines;
}

export function studyLines(d: StudyDetail): string[] {
  const count = (state: Trial['state']) => d.trials.filter((t) => t.kind === 'search' && t.state === state).length;
  const search = d.trials.filter((t) => t.kind === 'search').length;
  const lines = [
    `study ${d.id} (${d.model} on ${d.dataset}, ${d.sampler}, ${d.pruner} pruning) ${d.status}: ${search} trials, ` +
      `${count('complete')} complete, ${count('pruned')} pruned, ${count('failed')} failed; objective ${d.objective.name} (${d.objective.direction})`,
  ];
  if (d.best) {
    lines.push(
      `best: trial ${d.best.trial}${d.trials.find((t) => t.number === d.best!.trial)?.arm ? ' (the defaults)' : ''} (run ${d.best.runId}, best epoch ${d.best.bestEpoch}): ${d.objective.name} ${f4(d.best.value)}`,
      `  ${paramsLine(d.best.params)}`,
    );
    for (const split of ['valid', 'test'] as const)
      if (Object.keys(d.best.metrics[split]).length)
        lines.push(`  ${split.padEnd(5)} ${metricsLine(d.best.metrics[split])}`);
    const defaults = d.trials.find((t) => t.kind === 'search' && t.arm === 'defaults' && t.state === 'complete');
    if (defaults && defaults.number !== d.best.trial)
      lines.push(
        `  the defaults (trial ${defaults.number}): ${d.objective.name} ${f4(defaults.value!)}; best − defaults ` +
          `${f4(d.best.value - defaults.value!)} (one split, one seed: --folds K says how sure)`,
      );
  }
  if (d.importance.some((i) => i.share > 0))
    lines.push(
      `importance: ${d.importance.map((i) => `${i.option} ${i.share.toFixed(2)}`).join(', ')}`,
      `  (${IMPORTANCE_METHOD})`,
    );
  if (d.crossValidation) lines.push(...crossValidationLines(d.crossValidation, d.objective.name));
  if (d.status === 'cancelled' || d.status === 'interrupted') lines.push(`continue with: ewb tune --resume ${d.id}`);
  return lines;
}
