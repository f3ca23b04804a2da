import { describe, expect, it } from 'vitest';
import type { ComparedRun, EpochMetrics } from '../../../shared';
import { MODEL_RULES } from '../../../shared';
import { compareCurveOption, curveKeys, curveSplits, curveTitle } from './compareCurves';

const epoch = (n: number, rmse: number): EpochMetrics => ({
  epoch: n,
  loss: 2 / n,
  train: { rmse: rmse - 0.1 },
  valid: { rmse, mae: rmse - 0.2 },
  test: {},
  seconds: 0.1,
});

function run(id: number, epochs: EpochMetrics[], bestEpoch: number | null): ComparedRun {
  return {
    id,
    dataset: 'movies',
    datasetId: 1,
    model: 'mf',
    status: 'completed',
    config: { ...MODEL_RULES.mf.defaults, model: 'mf', dim: 8, epochs: epochs.length, seed: id, threads: 1 },
    bestEpoch,
    metrics: { train: {}, valid: {}, test: {} },
    epochs,
    seconds: 1,
  };
}

type Series = { name: string; data: [number, number][]; markPoint?: { data: { coord: [number, number] }[] } };

describe('compare curves', () => {
  const a = run(3, [epoch(1, 1.2), epoch(2, 1.0), epoch(3, 1.05)], 2);
  const b = run(5, [epoch(1, 1.3), epoch(2, 1.1)], null);

  it('offers the loss and every metric of a split, only splits that have metrics', () => {
    expect(curveKeys([a, b], 'valid').map(curveTitle)).toEqual(['training loss', 'valid RMSE', 'valid MAE']);
    expect(curveSplits([a, b])).toEqual(['train', 'valid']);
  });

  it('draws one line per run over its epochs, the best epoch pinned', () => {
    const option = compareCurveOption([a, b], { kind: 'metric', split: 'valid', name: 'rmse' }, { animation: false });
    const series = option.series as Series[];
    expect(series.map((s) => s.name)).toEqual(['#3 mf', '#5 mf']);
    expect(series[0]!.data).toEqual([
      [1, 1.2],
      [2, 1.0],
      [3, 1.05],
    ]);
    expect(series[0]!.markPoint?.data[0]!.coord).toEqual([2, 1.0]);
    expect(series[1]!.markPoint).toBeUndefined();
    expect((option.xAxis as { max: number }).max).toBe(3);
  });

  it('plots the training loss, and leaves out runs without the metric', () => {
    const loss = compareCurveOption([a, b], { kind: 'loss' }, { animation: false });
    expect((loss.series as Series[])[1]!.data).toEqual([
      [1, 2],
      [2, 1],
    ]);
    const none = compareCurveOption([a, b], { kind: 'metric', split: 'test', name: 'rmse' }, { animation: false });
    expect(none.series).toEqual([]);
  });
});
