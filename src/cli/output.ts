// What a command prints: one JSON object per line with --json, readable lines otherwise.
import type { EpochMetrics, RunEvent } from '../shared';
import { SPLITS } from '../shared';

export interface Output {
  json: boolean;
  /** A progress object (JSON mode) or its human line. */
  progress(obj: object, human: string): void;
  /** The final object (JSON mode) or its human lines. */
  result(obj: object, human: string): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    progress: (obj, human) => (json ? console.log(JSON.stringify(obj)) : console.error(human)),
    result: (obj, human) => console.log(json ? JSON.stringify(obj) : human),
  };
}

const f = (x: number | undefined): string => (x !== undefined && Number.isFinite(x) ? x.toFixed(4) : 'n/a');

/** `rmse 0.8724  mae 0.7003` for whatever metrics a split carries. */
export function metricsLine(m: Record<string, number>): string {
  return Object.entries(m)
    .map(([name, v]) => `${name} ${f(v)}`)
    .join('  ');
}

export function epochLine(m: EpochMetrics, total: number, examplesPerSecond: number): string {
  const rate =
    examplesPerSecond >= 1e6
      ? `${(examplesPerSecond / 1e6).toFixed(2)}M`
      : examplesPerSecond >= 1e4
        ? `${Math.round(examplesPerSecond / 1e3)}k`
        : `${Math.round(examplesPerSecond)}`; // the classifier's hundreds per second
  const splits = SPLITS.filter((s) => Object.keys(m[s]).length).map((s) => `${s} ${metricsLine(m[s])}`);
  return [`epoch ${m.epoch}/${total}  loss ${f(m.loss)}`, ...splits, `${rate}/s`].join('  ');
}

/** Prints a run's events as progress (within-epoch progress only in --json, to keep the terminal calm). */
export function printRunEvent(out: Output, e: RunEvent, total: number): void {
  const { type: event, ...rest } = e;
  if (e.type === 'epoch')
    out.progress({ type: 'progress', event, ...rest }, epochLine(e.metrics, total, e.examplesPerSecond));
  else if (e.type === 'started')
    out.progress({ type: 'progress', event, ...rest }, `run ${e.runId}: training ${e.epochs} epochs`);
  else if (e.type === 'progress' && out.json) out.progress({ type: 'progress', event, ...rest }, '');
}
