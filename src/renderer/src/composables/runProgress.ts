// The live state of one training run, folded from `runs:progress` events and `runs:get` snapshots (pure).
import type { EpochMetrics, RunDetail, RunEvent, RunStatus, TrainResult } from '../../../shared';

export interface RunProgress {
  runId: number | null;
  dataset: string | null;
  status: RunStatus | 'idle';
  totalEpochs: number;
  epochs: EpochMetrics[];
  result: TrainResult | null;
  error: string | null;
  examplesPerSecond: number | null;
}

export function idleProgress(): RunProgress {
  return {
    runId: null,
    dataset: null,
    status: 'idle',
    totalEpochs: 0,
    epochs: [],
    result: null,
    error: null,
    examplesPerSecond: null,
  };
}

export function isFinished(status: RunProgress['status']): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

/** Epochs by number, sorted; `incoming` wins where both have one (it is the newer word). */
function mergeEpochs(current: readonly EpochMetrics[], incoming: readonly EpochMetrics[]): EpochMetrics[] {
  const byEpoch = new Map(current.map((m) => [m.epoch, m]));
  for (const m of incoming) byEpoch.set(m.epoch, m);
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

/** Applies an event of the tracked run; events of other runs leave the state untouched. */
export function applyRunEvent(state: RunProgress, event: RunEvent): RunProgress {
  if (event.runId !== state.runId) return state;
  // A snapshot may already have told us the run ended; a late event must not reopen it.
  const status = isFinished(state.status) ? state.status : 'running';
  switch (event.type) {
    case 'started':
      return { ...state, status, totalEpochs: event.epochs };
    case 'epoch':
      return {
        ...state,
        status,
        epochs: mergeEpochs(state.epochs, [event.metrics]),
        examplesPerSecond: event.examplesPerSecond,
      };
    case 'finished':
      return { ...state, status: 'completed', result: event.result };
    case 'failed':
      return { ...state, status: event.status, error: event.error };
  }
}

/**
 * Folds a `runs:get` snapshot into what events already told us. Snapshots catch up on events we missed
 * (socket reconnecting, events sent before we subscribed); events may be newer than the snapshot.
 */
export function mergeRunDetail(state: RunProgress, detail: RunDetail): RunProgress {
  if (detail.id !== state.runId) return state;
  const finished = isFinished(state.status);
  return {
    ...state,
    dataset: detail.dataset,
    status: finished || (detail.status === 'queued' && state.status === 'running') ? state.status : detail.status,
    totalEpochs: detail.config.epochs,
    epochs: mergeEpochs(detail.epochs, state.epochs),
    result: state.result ?? detail.result,
    error: state.error ?? detail.error,
  };
}
