import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../../shared';
import { curveMetrics, lossCurveOption } from './lossCurve';

/** An mf epoch: RMSE and MAE on every split. */
function mfEpoch(n: number): EpochMetrics {
  return {
    epoch: n,
    loss: 1 / n,
    train: { rmse: 1 + 0.1 / n, mae: 0.8 },
    valid: { rmse: 1.1 + 0.1 / n, mae: 0.9 },
    test: { rmse: 1.2 + 0.1 / n, mae: 0.95 },
    seconds: 0.5,
  };
}

/** An implicit epoch: ranking metrics on the validation split only, as runImplicit reports them. */
function implicitEpoch(n: number): EpochMetrics {
  const ranking = { 'recall@10': 0.1 * n, 'ndcg@10': 0.05 * n, 'map@10': 0.02, 'hitrate@10': 0.3, coverage: 0.4 };
  return { epoch: n, loss: 2 / n, train: {}, valid: ranking, test: {}, seconds: 0.5 };
}

/** A word2vec epoch: the loss alone. */
const w2vEpoch = (n: number): EpochMetrics => ({ epoch: n, loss: 3 / n, train: {}, valid: {}, test: {}, seconds: 1 });

type Series = { name: string; yAxisIndex: number; data: [number, number][]; lineStyle: { type: string } };
const seriesOf = (option: ReturnType<typeof lossCurveOption>) => option.series as Series[];
const axesOf = (option: ReturnType<typeof lossCurveOption>) => option.yAxis as { name: string }[];

describe('lossCurveOption for mf', () => {
  const epochs = [1, 2, 3].map(mfEpoch);

  it('plots the loss and RMSE on train and valid, one point per epoch, and never a test curve', () => {
    const series = seriesOf(lossCurveOption(epochs, { animation: true }));
    expect(series.map((s) => s.name)).toEqual(['train loss', 'train RMSE', 'valid RMSE']);
    for (const s of series) expect(s.data).toHaveLength(3);
  });

  it('marks the test figure of the best epoch once the run is done', () => {
    const series = seriesOf(lossCurveOption(epochs, { animation: true, bestEpoch: 2 }));
    expect(series.map((s) => s.name)).toEqual(['train loss', 'train RMSE', 'valid RMSE', 'test RMSE (best epoch)']);
    expect(series[3]!.data).toEqual([[2, epochs[1]!.test.rmse]]);
  });

  it('pairs each value with its epoch', () => {
    const [loss, train, valid] = seriesOf(lossCurveOption(epochs, { animation: true }));
    expect(loss!.data).toEqual([
      [1, 1],
      [2, 0.5],
      [3, 1 / 3],
    ]);
    expect(train!.data[1]).toEqual([2, epochs[1]!.train.rmse]);
    expect(valid!.data[2]).toEqual([3, epochs[2]!.valid.rmse]);
  });

  it('puts the loss on its own axis', () => {
    const option = lossCurveOption(epochs, { animation: true });
    expect(seriesOf(option).map((s) => s.yAxisIndex)).toEqual([0, 1, 1]);
    expect(axesOf(option).map((a) => a.name)).toEqual(['loss', 'RMSE']);
  });
});

describe('lossCurveOption for implicit', () => {
  const epochs = [1, 2].map(implicitEpoch);

  it('plots Recall@K and NDCG@K of the splits that carry them, told apart by line style', () => {
    const series = seriesOf(lossCurveOption(epochs, { animation: false }));
    expect(series.map((s) => s.name)).toEqual(['train loss', 'valid Recall@10', 'valid NDCG@10']);
    expect(series.map((s) => s.lineStyle.type)).toEqual(['dashed', 'solid', 'dotted']);
    expect(series[1]!.data).toEqual([
      [1, 0.1],
      [2, 0.2],
    ]);
  });

  it('names the metric axis after what is on it', () => {
    expect(axesOf(lossCurveOption(epochs, { animation: false })).map((a) => a.name)).toEqual([
      'loss',
      'Recall@10 · NDCG@10',
    ]);
  });

  it('follows the K of the run', () => {
    const k5: EpochMetrics = { ...implicitEpoch(1), valid: { 'recall@5': 0.2, 'ndcg@5': 0.1 } };
    expect(curveMetrics([k5])).toEqual(['recall@5', 'ndcg@5']);
  });
});

describe('lossCurveOption for word2vec', () => {
  it('plots the loss alone on one axis', () => {
    const option = lossCurveOption([1, 2, 3].map(w2vEpoch), { animation: false });
    expect(seriesOf(option).map((s) => s.name)).toEqual(['train loss']);
    expect(axesOf(option)).toHaveLength(1);
  });
});

describe('lossCurveOption in general', () => {
  const epochs = [1, 2, 3].map(mfEpoch);

  it('honours the animation flag', () => {
    expect(lossCurveOption(epochs, { animation: false }).animation).toBe(false);
    expect(lossCurveOption(epochs, { animation: true }).animation).toBe(true);
  });

  it('spans the planned epochs while a run is still going', () => {
    const xAxis = lossCurveOption(epochs, { animation: false, totalEpochs: 20 }).xAxis as { min: number; max: number };
    expect([xAxis.min, xAxis.max]).toEqual([1, 20]);
  });

  it('gives an empty loss series for no epochs', () => {
    const series = seriesOf(lossCurveOption([], { animation: false }));
    expect(series.map((s) => s.name)).toEqual(['train loss']);
    expect(series[0]!.data).toEqual([]);
  });

  it('gives series stable ids, so that echarts replaces rather than merges them', () => {
    const series = lossCurveOption(epochs, { animation: false }).series as { id: string; name: string }[];
    for (const s of series) expect(s.id).toBe(s.name);
  });
});
