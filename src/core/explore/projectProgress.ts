// The `projections:progress` events of one map: throttled, with the stage, the time left, the paused state
// and (when asked for) snapshots of the moving layout as the answer's float32 decimals.
import type { ProjectionProgress } from '../../shared';
import type { StageProgress } from './layout/context';
import { formatFloat32 } from '../tables/floatText';

/** A float32 coordinate as the shortest double that reads back to it: JSON then carries 8 digits, not 17. */
export const short = (v: number): number => Number(formatFloat32(v));

/** Progress events at most this often (the worker reports far more often on small tables). */
const PROGRESS_INTERVAL_MS = 100;

type ProgressBase = Pick<ProjectionProgress, 'projectionId' | 'runId' | 'table' | 'method' | 'points'>;

/**
 * `projections:progress` events: at most every PROGRESS_INTERVAL_MS, except the first and last, a change of
 * stage or of the paused state, and a snapshot (the worker already sends those at most every quarter second).
 * In the layout stage the time left is its pace per iteration times the iterations left (time paused
 * excluded); before it, the share of the bar done so far.
 */
export function progressEvents(base: ProgressBase, started: number, emit: (p: ProjectionProgress) => void) {
  let lastSent = -Infinity;
  let fraction = 0;
  let stage: StageProgress = { stage: 'init', stageFraction: 0 };
  let paused = false;
  let pausedSince = 0;
  let pausedFor = 0;
  let layoutFrom: { at: number; iteration: number } | null = null;
  const eta = (now: number): number | null => {
    if (paused || fraction >= 1) return fraction >= 1 ? 0 : null;
    const { iteration, iterations } = stage;
    if (stage.stage === 'layout' && iteration !== undefined && iterations !== undefined) {
      layoutFrom ??= { at: now - pausedFor, iteration };
      const done = iteration - layoutFrom.iteration;
      return done >= 5 ? ((now - pausedFor - layoutFrom.at) / 1000 / done) * (iterations - iteration) : null;
    }
    const elapsed = (now - started - pausedFor) / 1000;
    return fraction >= 0.02 ? (elapsed * (1 - fraction)) / fraction : null;
  };
  const send = (snapshot?: ProjectionProgress['snapshot']): void => {
    const now = performance.now();
    lastSent = now;
    emit({
      ...base,
      fraction,
      etaSeconds: eta(now),
      stage: stage.stage,
      stageFraction: stage.stageFraction,
      iteration: stage.iteration ?? null,
      iterations: stage.iterations ?? null,
      paused,
      ...(snapshot ? { snapshot } : {}),
    });
  };
  return {
    progress(f: number, s: StageProgress): void {
      const changed = s.stage !== stage.stage;
      fraction = f;
      stage = s;
      if (changed || f <= 0 || f >= 1 || performance.now() - lastSent >= PROGRESS_INTERVAL_MS) send();
    },
    paused(p: boolean): void {
      if (p && !paused) pausedSince = performance.now();
      if (!p && paused) pausedFor += performance.now() - pausedSince;
      paused = p;
      send();
    },
    snapshot(coords: Float32Array): void {
      const n = coords.length / 2;
      const x = new Array<number>(n);
      const y = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        x[i] = short(coords[2 * i]!);
        y[i] = short(coords[2 * i + 1]!);
      }
      send({ x, y });
    },
  };
}
