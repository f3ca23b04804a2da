// The live state of one training run, folded from `runs:progress` events and `runs:get` snapshots (pure).
import type {
  ApiError,
  EpochMetrics,
  ModelName,
  RunDetail,
  RunEvent,
  RunStatus,
  TrainingProgress,
  TrainResult,
} from '../../../shared';

export interface RunProgress {
  runId: number | null;
  dataset: string | null;
  model: ModelName | null;
  status: RunStatus | 'idle';
  totalEpochs: number;
  epochs: EpochMetrics[];
  result: TrainResult | null;
  /** Why the run ended without a result; its code says what the view offers (`TrainingDiverged`, `Cancelled` …). */
  error: ApiError | null;
  examplesPerSecond: number | null;
  /** Where the run is inside the epoch it is training (`progress` events). */
  within: TrainingProgress | null;
}

export function idleProgress(): RunProgress {
  return {
    runId: null,
    dataset: null,
    model: null,
    status: 'idle',
    totalEpochs: 0,
    epochs: [],
    result: null,
    error: null,
    examplesPerSecond: null,
    within: null,
  };
}

export function isFinished(status: RunProgress['status']): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

/** A stored run's error, as its failed event carried it. */
function storedError(detail: RunDetail): ApiError | null {
  if (detail.error === null) return null;
  const code = detail.errorCode ?? 'RunFailed';
  return { name: code, code, message: detail.error };
}

/** Epochs by number, sorted; `incoming` wins where both have one (it is the newer word). */
function mergeEpochs(current: readonly EpochMetrics[], incoming: readonly EpochMetrics[]): EpochMetrics[] {
  const byEpoch = new Map(current.map((m) => [m.epoch, m]));
  for (const m of incoming) byEpoch.set(m.epoch, m);
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

/** A `progress` event without its envelope. */
const progressOf = ({ type: _type, runId: _runId, ...progress }: RunEvent & { type: 'progress' }): TrainingProgress =>
  progress;

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
    case 'progress': {
      // A report from an epoch that has already ended (or after the end) would move the bar backwards.
      const done = state.epochs.at(-1)?.epoch ?? 0;
      if (isFinished(state.status) || event.epoch <= done) return state;
      return { ...state, status, within: progressOf(event) };
    }
    case 'finished':
      return { ...state, status: 'completed', result: event.result, within: null };
    case 'failed':
      return { ...state, status: event.status, error: event.error, within: null };
  }
}

/**
 * Folds a `runs:get` snapshot into what events already told us. Snapshots catch up on events we missed
 * (socket reconnecting, events sent before we subscribed); events may be newer than the snapshot.
 */
export function mergeRunDetail(state: RunProgress, detail: RunDetail): RunProgress {
  if (detail.id !== state.runId) return state;
  const finished = isFinished(state.status);
  const status = finished || (detail.status === 'queued' && state.status === 'running') ? state.status : detail.status;
  return {
    ...state,
    dataset: detail.dataset,
    // Imported tables (model `imported`) are never trained, so never followed here.
    model: detail.model === 'imported' ? state.model : detail.model,
    status,
    totalEpochs: detail.config.epochs,
    epochs: mergeEpochs(detail.epochs, state.epochs),
    result: state.result ?? detail.result,
    error: state.error ?? storedError(detail),
    within: isFinished(status) ? null : state.within,
  };
}
