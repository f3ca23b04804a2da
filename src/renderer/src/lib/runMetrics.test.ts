import { describe, expect, it } from 'vitest';
import type { SplitMetrics, SplitName, TrainResult } from '../../../shared';
import {
  compareWithBaselines,
  comparisonWords,
  headlineMetric,
  keyFigure,
  lowerIsBetter,
  metricLabel,
  metricNames,
  splitsWithMetrics,
} from './runMetrics';

const splits = (train: SplitMetrics, valid: SplitMetrics, test: SplitMetrics): Record<SplitName, SplitMetrics> => ({
  train,
  valid,
  test,
});

function result(over: Partial<TrainResult>): TrainResult {
  return {
    type: 'result',
    runId: 1,
    model: 'mf',
    engine: 'cpu',
    metrics: splits({ rmse: 0.8, mae: 0.6 }, { rmse: 0.9, mae: 0.7 }, { rmse: 0.9, mae: 0.7 }),
    baselines: {
      globalMean: splits({ rmse: 1.1 }, { rmse: 1.1 }, { rmse: 1.12, mae: 0.95 }),
      biasOnly: splits({ rmse: 0.95 }, { rmse: 0.96 }, { rmse: 0.97, mae: 0.8 }),
    },
    bestEpoch: 5,
    epochs: 10,
    seconds: 2,
    ...over,
  };
}

const ranking = (recall: number) => ({
  'recall@10': recall,
  'ndcg@10': recall / 2,
  'map@10': recall / 4,
  'hitrate@10': recall * 2,
  coverage: 0.3,
});
const implicit = (recall: number, popularity: number): TrainResult =>
  result({
    model: 'implicit',
    metrics: splits({}, ranking(recall), ranking(recall)),
    baselines: { popularity: splits({}, ranking(popularity), ranking(popularity)) },
  });

describe('metric names', () => {
  it('are labelled as users know them, with the K of the run', () => {
    expect(
      ['rmse', 'mae', 'recall@10', 'ndcg@5', 'map@10', 'hitrate@10', 'coverage', 'other'].map(metricLabel),
    ).toEqual(['RMSE', 'MAE', 'Recall@10', 'NDCG@5', 'MAP@10', 'HitRate@10', 'Coverage', 'other']);
    // The parts of a split on items never trained (side features, docs/features.md).
    expect(['cold:rmse', 'warm:recall@10'].map(metricLabel)).toEqual(['cold RMSE', 'warm Recall@10']);
    expect(lowerIsBetter('cold:rmse')).toBe(true);
    expect(lowerIsBetter('cold:recall@10')).toBe(false);
  });

  it('are listed in the usual order, unknown ones last', () => {
    expect(metricNames([{ coverage: 1, 'zeta@3': 1 }, { 'ndcg@10': 1, 'recall@10': 1 }, {}])).toEqual([
      'recall@10',
      'ndcg@10',
      'coverage',
      'zeta@3',
    ]);
    expect(metricNames([{ 'cold:mae': 1, mae: 1, 'cold:rmse': 1, rmse: 1 }])).toEqual([
      'rmse',
      'cold:rmse',
      'mae',
      'cold:mae',
    ]);
  });

  it('pick the headline of each model', () => {
    expect(headlineMetric('mf', { rmse: 1, mae: 1 })).toBe('rmse');
    expect(headlineMetric('mf', { 'cold:rmse': 1, rmse: 1 })).toBe('rmse');
    expect(headlineMetric('implicit', ranking(0.1))).toBe('recall@10');
    expect(headlineMetric('sgns', { 'hitrate@10': 0.2 })).toBe('hitrate@10');
    expect(headlineMetric('cbow', {})).toBeNull();
    expect(headlineMetric('tabular', { loss: 0.9, accuracy: 0.6 })).toBe('accuracy');
    expect(headlineMetric('tabular', { loss: 0.9, rmse: 2, mae: 1 })).toBe('rmse');
  });

  it('skip splits without metrics', () => {
    expect(splitsWithMetrics(implicit(0.2, 0.1).metrics)).toEqual(['valid', 'test']);
  });
});

describe('compareWithBaselines', () => {
  it('compares mf with the best (lowest-RMSE) baseline', () => {
    const c = compareWithBaselines(result({}))!;
    expect(c).toMatchObject({ metric: 'rmse', baseline: 'biasOnly', baselineValue: 0.97, baselineText: '0.9700' });
    expect(comparisonWords(c)).toBe(
      'Test RMSE 0.9000 is 7.2% lower than the best baseline (bias only, 0.9700): better.',
    );
  });

  it('says so when mf does not beat the baseline', () => {
    const c = compareWithBaselines(result({ metrics: splits({}, {}, { rmse: 1, mae: 0.8 }) }))!;
    expect(comparisonWords(c)).toMatch(/is 3.1% higher than the best baseline \(bias only, 0.9700\): worse/);
  });

  it('compares implicit with popularity on Recall@K, as a multiple when it is large', () => {
    expect(comparisonWords(compareWithBaselines(implicit(0.25, 0.1))!)).toBe(
      'Test Recall@10 0.2500 is 2.5× the best baseline (popularity, 0.1000): better.',
    );
    expect(comparisonWords(compareWithBaselines(implicit(0.12, 0.1))!)).toBe(
      'Test Recall@10 0.1200 is 20% higher than the best baseline (popularity, 0.1000): better.',
    );
    expect(comparisonWords(compareWithBaselines(implicit(0.1, 0.1))!)).toBe(
      'Test Recall@10 0.1000 equals the best baseline (popularity, 0.1000).',
    );
  });

  it('has nothing to say without a baseline or a headline', () => {
    expect(compareWithBaselines(result({ baselines: {} }))).toBeNull();
    expect(compareWithBaselines(result({ model: 'sgns', metrics: splits({}, {}, {}), baselines: {} }))).toBeNull();
  });
});

describe('keyFigure', () => {
  const epochs = [1, 2, 3].map((epoch) => ({ epoch, loss: 1 / epoch, train: {}, valid: {}, test: {}, seconds: 1 }));

  it('is the headline test metric, else the valid one, else the best epoch loss', () => {
    expect(keyFigure('mf', result({}), [])).toBe('test RMSE 0.9000');
    expect(keyFigure('implicit', implicit(0.2, 0.1), [])).toBe('test Recall@10 0.2000');
    const validOnly = result({ model: 'sgns', metrics: splits({}, { 'hitrate@10': 0.4 }, {}) });
    expect(keyFigure('sgns', validOnly, [])).toBe('valid HitRate@10 0.4000');
    const text = result({ model: 'sgns', metrics: splits({}, {}, {}), bestEpoch: 2 });
    expect(keyFigure('sgns', text, epochs)).toBe('loss 0.5000');
    expect(keyFigure('cbow', null, [])).toBeNull();
  });
});
