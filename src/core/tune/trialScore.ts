// How a study judges a trial: its objective from the finished run (the validation metric of its best epoch, or
// the analogy accuracy of its table), what to say when the run lacks it, and whether the pruner stops it now,
// from every search trial's curve. Curves are kept as the runs report them; the pruner sees them oriented so
// that lower is better.
import type { Objective, TrainResult } from '../../shared';
import { evaluateRun } from '../explore/evaluate';
import type { Db } from '../store/db';
import type { StoredTrial } from '../store/studies';
import { bestUpTo, type Pruner } from './pruners';
import { objectiveMetric } from './studyView';

export type Curves = ReadonlyMap<number, readonly [number, number][]>;

const signOf = (o: Objective): number => (o.direction === 'minimize' ? 1 : -1);
const oriented = (o: Objective, c: readonly [number, number][] = []) => c.map(([e, v]) => [e, signOf(o) * v] as const);

export function scoreOf(db: Db, o: Objective, runId: number, result: Omit<TrainResult, 'type'>): number | undefined {
  const metric = objectiveMetric(o);
  if (metric) return result.metrics.valid[metric];
  return evaluateRun(db, { runId, analogies: o.analogies! }).analogies?.accuracy;
}

export function missingObjective(o: Objective, runId: number, result: Omit<TrainResult, 'type'>): string {
  const valid = Object.keys(result.metrics.valid);
  const what =
    valid.join(', ') || 'none (the dataset has no validation rows: import it with --valid F, or use --folds K)';
  return `run ${runId} has no ${o.name}; its validation metrics: ${what}`;
}

/** Why search trial `number` should stop after the epoch it just reported, or null. */
export function pruneReason(
  pruner: Pruner,
  o: Objective,
  trials: readonly StoredTrial[],
  curves: Curves,
  number: number,
): string | null {
  const others = trials
    .filter((t) => t.kind === 'search' && t.number !== number)
    .map((t) => ({ curve: oriented(o, curves.get(t.number)), finished: t.state === 'complete' }));
  return pruner(oriented(o, curves.get(number)), others);
}

/** A pruned trial's value: the best of its curve so far, in the objective's own terms. */
export function bestOfCurve(o: Objective, curve: readonly [number, number][] = []): number | null {
  const best = bestUpTo(oriented(o, curve), Infinity);
  return best === null ? null : signOf(o) * best;
}
