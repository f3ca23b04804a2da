import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunDetail, RunSummary } from '../../../shared';
import { useRunFigures } from './useRunFigures';

// A fake backend (vi.mock is hoisted above the imports) that records which runs were asked for.
const fake = vi.hoisted(() => ({ asked: [] as number[], fail: false }));

vi.mock('../api', () => ({
  api: {
    invoke: (_channel: string, req: { runId: number }) => {
      fake.asked.push(req.runId);
      if (fake.fail) return Promise.reject(new Error('offline'));
      const detail: Partial<RunDetail> = {
        id: req.runId,
        model: 'mf',
        epochs: [],
        result: {
          type: 'result',
          runId: req.runId,
          model: 'mf',
          engine: 'cpu',
          metrics: { train: {}, valid: {}, test: { rmse: 0.9 + req.runId / 100 } },
          baselines: {},
          bestEpoch: 1,
          epochs: 1,
          seconds: 1,
        },
      };
      return Promise.resolve(detail);
    },
  },
}));

const run = (id: number, status: RunSummary['status']) => ({ id, status }) as RunSummary;

beforeEach(() => {
  fake.asked.length = 0;
  fake.fail = false;
});

describe('useRunFigures', () => {
  it('asks once for each completed run and keeps its key figure', async () => {
    const { figures, update } = useRunFigures();
    await update([run(1, 'completed'), run(2, 'running'), run(3, 'failed')]);
    await update([run(1, 'completed'), run(2, 'completed')]);
    expect(fake.asked).toEqual([1, 2]);
    expect(figures.value).toEqual({ 1: 'test RMSE 0.9100', 2: 'test RMSE 0.9200' });
  });

  it('asks again after a failure, and not at all for a run it was told about', async () => {
    const { figures, update, remember } = useRunFigures();
    fake.fail = true;
    await expect(update([run(4, 'completed')])).rejects.toThrow('offline');
    fake.fail = false;
    remember({
      id: 5,
      model: 'mf',
      result: null,
      epochs: [{ epoch: 1, loss: 0.25, train: {}, valid: {}, test: {}, seconds: 1 }],
    });
    await update([run(4, 'completed'), run(5, 'completed')]);
    expect(fake.asked).toEqual([4, 4]);
    expect(figures.value).toEqual({ 4: 'test RMSE 0.9400', 5: 'loss 0.2500' });
  });
});
