import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../../shared';
import { lossCurveOption } from './lossCurve';

function epoch(n: number): EpochMetrics {
  return {
    epoch: n,
    loss: 1 / n,
    train: { rmse: 1 + 0.1 / n, mae: 0.8 },
    valid: { rmse: 1.1 + 0.1 / n, mae: 0.9 },
    test: { rmse: 1.2 + 0.1 / n, mae: 0.95 },
    seconds: 0.5,
  };
}

type Series = { name: string; yAxisIndex: number; data: [number, number][] };
const seriesOf = (option: ReturnType<typeof lossCurveOption>) => option.series as Series[];

describe('lossCurveOption', () => {
  const epochs = [1, 2, 3].map(epoch);

  it('plots the loss and one RMSE series per split, one point per epoch', () => {
    const series = seriesOf(lossCurveOption(epochs, { animation: true }));
    expect(series.map((s) => s.name)).toEqual(['train loss', 'train RMSE', 'valid RMSE', 'test RMSE']);
    for (const s of series) expect(s.data).toHaveLength(3);
  });

  it('pairs each value with its epoch', () => {
    const [loss, train, valid, test] = seriesOf(lossCurveOption(epochs, { animation: true }));
    expect(loss!.data).toEqual([
      [1, 1],
      [2, 0.5],
      [3, 1 / 3],
    ]);
    expect(train!.data[1]).toEqual([2, epochs[1]!.train.rmse]);
    expect(valid!.data[2]).toEqual([3, epochs[2]!.valid.rmse]);
    expect(test!.data[0]).toEqual([1, epochs[0]!.test.rmse]);
  });

  it('puts the loss on its own axis', () => {
    const series = seriesOf(lossCurveOption(epochs, { animation: true }));
    expect(series.map((s) => s.yAxisIndex)).toEqual([0, 1, 1, 1]);
  });

  it('honours the animation flag', () => {
    expect(lossCurveOption(epochs, { animation: false }).animation).toBe(false);
    expect(lossCurveOption(epochs, { animation: true }).animation).toBe(true);
  });

  it('spans the planned epochs while a run is still going', () => {
    const xAxis = lossCurveOption(epochs, { animation: false, totalEpochs: 20 }).xAxis as { min: number; max: number };
    expect([xAxis.min, xAxis.max]).toEqual([1, 20]);
  });

  it('gives empty series for no epochs', () => {
    const series = seriesOf(lossCurveOption([], { animation: false }));
    expect(series).toHaveLength(4);
    for (const s of series) expect(s.data).toEqual([]);
  });
});
