import { describe, expect, it } from 'vitest';
import type { ApiError, EpochMetrics, RunDetail, TrainResult } from '../../../shared';
import { MODEL_RULES } from '../../../shared';
import { applyRunEvent, idleProgress, mergeRunDetail, type RunProgress } from './runProgress';

const metrics = (epoch: number, rmse = 1): EpochMetrics => ({
  epoch,
  loss: 0.5,
  train: { rmse, mae: 0.7 },
  valid: { rmse, mae: 0.7 },
  test: { rmse, mae: 0.7 },
  seconds: 0.1,
});

const result: TrainResult = {
  type: 'result',
  runId: 3,
  model: 'mf',
  engine: 'cpu',
  metrics: { train: { rmse: 0.8, mae: 0.6 }, valid: { rmse: 0.9, mae: 0.7 }, test: { rmse: 0.95, mae: 0.72 } },
  baselines: {
    globalMean: { train: { rmse: 1.1, mae: 0.9 }, valid: { rmse: 1.1, mae: 0.9 }, test: { rmse: 1.12, mae: 0.91 } },
  },
  bestEpoch: 2,
  epochs: 2,
  seconds: 1,
};

const diverged: ApiError = {
  name: 'TrainingDiverged',
  code: 'TrainingDiverged',
  message: 'the loss became NaN in epoch 1; lower the learning rate (lr 10) and train again',
};
const cancelled: ApiError = { name: 'Cancelled', code: 'Cancelled', message: 'cancelled by the user' };

function detail(over: Partial<RunDetail>): RunDetail {
  return {
    id: 3,
    datasetId: 1,
    dataset: 'ml',
    model: 'mf',
    engine: 'cpu',
    status: 'running',
    config: { ...MODEL_RULES.mf.defaults, model: 'mf', dim: 8, epochs: 5, threads: 1 },
    createdAt: '2025-01-01T00:00:00Z',
    bestEpoch: null,
    error: null,
    errorCode: null,
    checkpointEpoch: null,
    epochs: [],
    tables: [],
    result: null,
    ...over,
  };
}

const tracking = (): RunProgress => ({ ...idleProgress(), runId: 3, status: 'queued' });

describe('applyRunEvent', () => {
  it('follows a run from start to finish', () => {
    let s = applyRunEvent(tracking(), { type: 'started', runId: 3, epochs: 5 });
    expect(s).toMatchObject({ status: 'running', totalEpochs: 5 });
    s = applyRunEvent(s, { type: 'epoch', runId: 3, metrics: metrics(1), examplesPerSecond: 1000 });
    s = applyRunEvent(s, { type: 'epoch', runId: 3, metrics: metrics(2), examplesPerSecond: 1200 });
    expect(s.epochs.map((m) => m.epoch)).toEqual([1, 2]);
    s = applyRunEvent(s, { type: 'finished', runId: 3, result });
    expect(s).toMatchObject({ status: 'completed', result });
  });

  it('ignores other runs and records failures with their code', () => {
    const s = tracking();
    expect(applyRunEvent(s, { type: 'started', runId: 4, epochs: 9 })).toBe(s);
    const failed = applyRunEvent(s, { type: 'failed', runId: 3, status: 'failed', error: diverged });
    expect(failed).toMatchObject({ status: 'failed', error: diverged });
  });

  it('replaces a repeated epoch instead of plotting it twice', () => {
    let s = applyRunEvent(tracking(), { type: 'epoch', runId: 3, metrics: metrics(1, 2), examplesPerSecond: 1 });
    s = applyRunEvent(s, { type: 'epoch', runId: 3, metrics: metrics(1, 1.5), examplesPerSecond: 1 });
    expect(s.epochs).toHaveLength(1);
    expect(s.epochs[0]!.train.rmse).toBe(1.5);
  });
});

describe('mergeRunDetail', () => {
  it('keeps the code of a failure, heard live or stored with the run', () => {
    const live = applyRunEvent(tracking(), { type: 'failed', runId: 3, status: 'failed', error: diverged });
    expect(mergeRunDetail(live, detail({ status: 'failed', error: diverged.message })).error).toEqual(diverged);
    const stored = mergeRunDetail(
      tracking(),
      detail({ status: 'cancelled', error: 'cancelled by the user', errorCode: 'Cancelled' }),
    );
    expect(stored.error).toEqual({ name: 'Cancelled', code: 'Cancelled', message: 'cancelled by the user' });
    const diverging = detail({ status: 'failed', error: diverged.message, errorCode: 'TrainingDiverged' });
    expect(mergeRunDetail(tracking(), diverging).error).toEqual(diverged);
  });

  it('fills in epochs missed before subscribing, keeping newer event data', () => {
    const s = applyRunEvent(tracking(), { type: 'epoch', runId: 3, metrics: metrics(3), examplesPerSecond: 1 });
    const merged = mergeRunDetail(s, detail({ epochs: [metrics(1), metrics(2)] }));
    expect(merged.epochs.map((m) => m.epoch)).toEqual([1, 2, 3]);
    expect(merged).toMatchObject({ status: 'running', totalEpochs: 5, dataset: 'ml' });
  });

  it('takes a finished snapshot, but an older snapshot never reopens a finished run', () => {
    const done = mergeRunDetail(tracking(), detail({ status: 'completed', result, epochs: [metrics(1), metrics(2)] }));
    expect(done).toMatchObject({ status: 'completed', result });
    const finished = applyRunEvent(tracking(), { type: 'finished', runId: 3, result });
    expect(mergeRunDetail(finished, detail({ status: 'running' })).status).toBe('completed');
  });

  it('ignores snapshots of another run', () => {
    const s = tracking();
    expect(mergeRunDetail(s, detail({ id: 9 }))).toBe(s);
  });
});

describe('progress within an epoch', () => {
  const within = (epoch: number, fraction: number) =>
    ({ type: 'progress', runId: 3, epoch, fraction, examplesPerSecond: 5000, etaSeconds: 12 }) as const;

  it('records where the running epoch is', () => {
    let s = applyRunEvent(tracking(), { type: 'started', runId: 3, epochs: 5 });
    s = applyRunEvent(s, within(1, 0.4));
    expect(s.within).toEqual({ epoch: 1, fraction: 0.4, examplesPerSecond: 5000, etaSeconds: 12 });
    expect(s.status).toBe('running');
  });

  it('ignores a late report of an epoch that has ended, and forgets it all when the run ends', () => {
    let s = applyRunEvent(tracking(), within(1, 0.9));
    s = applyRunEvent(s, { type: 'epoch', runId: 3, metrics: metrics(1), examplesPerSecond: 1 });
    expect(applyRunEvent(s, within(1, 0.95))).toBe(s);
    s = applyRunEvent(s, within(2, 0.1));
    expect(s.within?.epoch).toBe(2);
    expect(applyRunEvent(s, { type: 'finished', runId: 3, result }).within).toBeNull();
    expect(applyRunEvent(s, { type: 'failed', runId: 3, status: 'cancelled', error: cancelled }).within).toBeNull();
  });

  it('drops the within-epoch state when a snapshot says the run has ended', () => {
    const s = applyRunEvent(tracking(), within(2, 0.5));
    expect(mergeRunDetail(s, detail({ status: 'running' })).within).not.toBeNull();
    expect(mergeRunDetail(s, detail({ status: 'failed', error: 'crash' })).within).toBeNull();
  });

  it('takes the model from the snapshot', () => {
    expect(mergeRunDetail(tracking(), detail({ model: 'implicit' })).model).toBe('implicit');
  });
});
