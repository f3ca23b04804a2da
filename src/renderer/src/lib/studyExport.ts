// What the Tune panel exports: a CSV of a study's trials (one row per trial, a column per searched option) and a
// JSON of its best config, the request that trains it again (pure; the panel hands the text to the browser).
import type { StudyDetail } from '../../../shared';
import { csvField, formulaSafe } from '../../../shared';

const cell = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : csvField(formulaSafe(String(v)));

/** `number,kind,arm,fold,state,<objective>,<option>…,run,best_epoch,started,finished,note`, CRLF line ends. */
export function trialsCsv(study: StudyDetail): string {
  const options = [...new Set([...Object.keys(study.space), ...study.trials.flatMap((t) => Object.keys(t.params))])];
  const header = ['number', 'kind', 'arm', 'fold', 'state', study.objective.name, ...options];
  const lines = [[...header, 'run', 'best_epoch', 'started', 'finished', 'note'].map(cell).join(',')];
  for (const t of study.trials)
    lines.push(
      [
        t.number,
        t.kind,
        t.arm,
        t.fold,
        t.state,
        t.value,
        ...options.map((o) => t.params[o]),
        t.runId,
        t.bestEpoch,
        t.startedAt,
        t.finishedAt,
        t.note,
      ]
        .map(cell)
        .join(','),
    );
  return lines.join('\r\n') + '\r\n';
}

/** The best trial: its value, options, full config (what `ewb train` takes back) and metrics. */
export function bestJson(study: StudyDetail): string | null {
  if (!study.best) return null;
  const { trial, runId, value, params, config, bestEpoch, metrics } = study.best;
  const best = { study: study.id, dataset: study.dataset, model: study.model, objective: study.objective };
  return JSON.stringify({ ...best, trial, runId, value, params, bestEpoch, config, metrics }, null, 2) + '\n';
}

export const exportName = (study: StudyDetail, what: string, ext: string): string =>
  `${study.dataset}-study${study.id}-${what}.${ext}`.replace(/[^\w.-]+/g, '_');
