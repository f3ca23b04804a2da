import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../../shared';
import { idleProgress, type RunProgress } from '../composables/runProgress';
import { epochProgressView } from './epochProgress';

const epoch = (n: number): EpochMetrics => ({ epoch: n, loss: 1, train: {}, valid: {}, test: {}, seconds: 1 });
const running = (over: Partial<RunProgress>): RunProgress => ({
  ...idleProgress(),
  runId: 1,
  status: 'running',
  totalEpochs: 5,
  ...over,
});

describe('epochProgressView', () => {
  it('shows the running epoch with its fraction, speed and the time left', () => {
    const view = epochProgressView(
      running({
        epochs: [epoch(1)],
        within: { epoch: 2, fraction: 0.25, examplesPerSecond: 123456.7, etaSeconds: 42 },
      }),
      'tokens',
    );
    expect(view).toEqual({
      stage: 'Epoch 2 of 5',
      epoch: 2,
      percent: 25,
      runPercent: 25, // (1 + 0.25) of 5 epochs
      speed: '123,457 tokens/s',
      eta: 'about 42 s left',
    });
  });

  it('starts the next epoch at 0 % with the last known speed until it reports', () => {
    const view = epochProgressView(
      running({
        epochs: [epoch(1), epoch(2)],
        within: { epoch: 2, fraction: 0.99, examplesPerSecond: 1000, etaSeconds: 3 },
      }),
      'ratings',
    );
    expect(view).toMatchObject({ epoch: 3, percent: 0, runPercent: 40, speed: '1,000 ratings/s', eta: null });
  });

  it('says what happens after the last epoch, and nothing once the run has ended', () => {
    const all = [1, 2, 3, 4, 5].map(epoch);
    expect(epochProgressView(running({ epochs: all }), 'x')?.stage).toMatch(/Scoring the best epoch/);
    expect(epochProgressView(running({ status: 'completed', epochs: all }), 'x')).toBeNull();
    expect(epochProgressView(idleProgress(), 'x')).toBeNull();
  });

  it('waits at epoch 1 while queued, without a speed', () => {
    expect(epochProgressView(running({ status: 'queued' }), 'x')).toMatchObject({ epoch: 1, percent: 0, speed: null });
  });
});
