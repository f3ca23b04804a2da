// The points every study chart draws: the search trials that reached a value (complete, or pruned with their
// best value so far), with when they ended; and the best-so-far line. Pure.
import type { StudyDetail, Trial } from '../../../shared';
import { isBetter } from '../../../shared';
import { PALETTE } from '../styles/palette';

export interface TrialPoint {
  trial: Trial;
  value: number;
  /** Minutes from the study's start to the trial's end. */
  minutes: number;
}

export const STATE_COLORS = { complete: PALETTE.accent, pruned: PALETTE.control } as const;

const ms = (iso: string): number => Date.parse(iso.endsWith('Z') ? iso : `${iso}Z`);

export function trialPoints(study: Pick<StudyDetail, 'trials' | 'createdAt'>): TrialPoint[] {
  const start = ms(study.createdAt);
  return study.trials
    .filter((t) => t.kind === 'search' && t.value !== null && t.finishedAt !== null && t.state !== 'running')
    .map((t) => ({ trial: t, value: t.value!, minutes: Math.max(0, (ms(t.finishedAt!) - start) / 60_000) }))
    .sort((a, b) => a.minutes - b.minutes || a.trial.number - b.trial.number);
}

/** [minutes, best complete value so far] at each complete trial's end, in time order. */
export function bestSoFar(points: readonly TrialPoint[], direction: StudyDetail['objective']['direction']) {
  const out: [number, number][] = [];
  let best: number | null = null;
  for (const p of points) {
    if (p.trial.state !== 'complete') continue;
    if (best === null || isBetter(direction, p.value, best)) best = p.value;
    out.push([p.minutes, best]);
  }
  return out;
}

export const fmt4 = (value: unknown): string => (typeof value === 'number' ? value.toPrecision(4) : String(value));
