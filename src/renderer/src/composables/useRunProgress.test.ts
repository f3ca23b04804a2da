import { effectScope } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EpochMetrics, RunDetail, RunEvent } from '../../../shared';
import { MODEL_RULES } from '../../../shared';
import { useRunProgress } from './useRunProgress';

// A fake backend (vi.mock is hoisted above the imports): `runs:start` resolves only when the test says so, to let events overtake it.
const fake = vi.hoisted(() => ({
  listener: null as ((event: RunEvent) => void) | null,
  resolveStart: null as ((value: { runId: number }) => void) | null,
  details: new Map<number, RunDetail>(),
  calls: [] as string[],
}));

vi.mock('../api', () => ({
  api: {
    mode: 'browser',
    on: (_event: string, listener: (event: RunEvent) => void) => {
      fake.listener = listener;
      return () => (fake.listener = null);
    },
    invoke: (channel: string, req: { runId?: number }) => {
      fake.calls.push(channel);
      if (channel === 'runs:start') return new Promise((resolve) => (fake.resolveStart = resolve));
      if (channel === 'runs:get') return Promise.resolve(fake.details.get(req.runId ?? -1));
      return Promise.resolve({ cancelled: true });
    },
  },
}));

const metrics = (epoch: number): EpochMetrics => ({
  epoch,
  loss: 1 / epoch,
  train: { rmse: 1, mae: 1 },
  valid: { rmse: 1, mae: 1 },
  test: { rmse: 1, mae: 1 },
  seconds: 0.1,
});

function detail(id: number, over: Partial<RunDetail> = {}): RunDetail {
  return {
    id,
    datasetId: 1,
    dataset: 'ml',
    model: 'mf',
    engine: 'cpu',
    status: 'running',
    config: { ...MODEL_RULES.mf.defaults, model: 'mf', dim: 4, epochs: 3, threads: 1 },
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

beforeEach(() => {
  vi.stubGlobal('window', { setInterval: () => 1, clearInterval: () => undefined });
  fake.details.clear();
  fake.calls.length = 0;
});
afterEach(() => vi.unstubAllGlobals());

function mount() {
  const scope = effectScope();
  const run = scope.run(() => useRunProgress((err) => expect.unreachable(String(err))))!;
  return { ...run, stop: () => scope.stop() };
}

describe('useRunProgress', () => {
  it('keeps events that arrive before runs:start answers', async () => {
    const { progress, start, stop } = mount();
    fake.details.set(5, detail(5, { epochs: [metrics(1)] }));
    const starting = start({ dataset: 'ml', epochs: 3 });
    expect(progress.value.status).toBe('queued');

    fake.listener!({ type: 'started', runId: 5, epochs: 3 });
    fake.listener!({ type: 'epoch', runId: 5, metrics: metrics(1), examplesPerSecond: 10 });
    fake.listener!({ type: 'epoch', runId: 5, metrics: metrics(2), examplesPerSecond: 10 });
    fake.resolveStart!({ runId: 5 });
    await starting;

    expect(progress.value).toMatchObject({ runId: 5, status: 'running', totalEpochs: 3 });
    expect(progress.value.epochs.map((m) => m.epoch)).toEqual([1, 2]);
    stop();
    expect(fake.listener).toBeNull();
  });

  it('ignores other runs and loads a finished run from history', async () => {
    const { progress, load, stop } = mount();
    fake.details.set(2, detail(2, { status: 'completed', epochs: [metrics(1), metrics(2), metrics(3)] }));
    await load(2);
    fake.listener!({ type: 'epoch', runId: 9, metrics: metrics(4), examplesPerSecond: 1 });
    expect(progress.value).toMatchObject({ runId: 2, status: 'completed' });
    expect(progress.value.epochs).toHaveLength(3);
    stop();
  });
});
