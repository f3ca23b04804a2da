import { describe, expect, it } from 'vitest';
import type { RunSummary, TrainConfig } from '../../../shared';
import { MODEL_RULES } from '../../../shared';
import type { BaselineComparison } from './runMetrics';
import { reseeded, seedSiblings, spreadOf, spreadVerdict } from './seedSpread';

const mf = (over: Partial<TrainConfig> = {}): TrainConfig =>
  ({ model: 'mf', ...MODEL_RULES.mf.defaults, ...over }) as TrainConfig;
const run = (id: number, config: TrainConfig, status: RunSummary['status'] = 'completed'): RunSummary => ({
  id,
  datasetId: 1,
  dataset: 'movies',
  model: config.model,
  engine: 'cpu',
  status,
  config,
  createdAt: '',
  bestEpoch: 1,
  error: null,
  errorCode: null,
  checkpointEpoch: null,
});
const comparison = (value: number, baselineValue: number): BaselineComparison => ({
  metric: 'rmse',
  value,
  baseline: 'biasOnly',
  baselineValue,
  before: '',
  baselineText: '',
  after: '',
});

describe('seed siblings', () => {
  it('are the completed runs that differ only in seed or threads', () => {
    const a = run(1, mf({ seed: 1 }));
    const runs = [
      a,
      run(2, mf({ seed: 2, threads: 4 })),
      run(3, mf({ seed: 3, dim: 7 })),
      run(4, mf({ seed: 4 }), 'failed'),
      { ...run(5, mf({ seed: 5 })), datasetId: 2 },
    ];
    expect(seedSiblings(a, runs).map((r) => r.id)).toEqual([1, 2]);
    expect(reseeded(a, seedSiblings(a, runs), 2).map((r) => r.seed)).toEqual([3, 4]);
    expect(reseeded(a, [a], 1)[0]).toMatchObject({ dataset: 'movies', model: 'mf', dim: a.config.dim, seed: 2 });
  });
});

describe('the verdict against the seed spread', () => {
  it('is the sample standard deviation, from two seeds on', () => {
    expect(spreadOf([1])).toBeNull();
    expect(spreadOf([1, 3])).toEqual({ sd: Math.SQRT2, n: 2 });
  });

  it('says "no better than" when the gain is within two standard deviations, and what to try', () => {
    const v = spreadVerdict(comparison(0.95, 0.96), { sd: 0.006, n: 3 }, 'mf');
    expect(v.noBetter).toBe(true);
    expect(v.text).toBe(
      'No better than the bias-only baseline: the gain, 0.0100, is within the seed-to-seed spread (two standard deviations of test RMSE over 3 seeds, 0.0120).',
    );
    expect(v.suggestion).toMatch(/^Try more epochs/);
  });

  it('says better beyond seed noise when the gain exceeds it', () => {
    const v = spreadVerdict(comparison(0.9, 0.96), { sd: 0.006, n: 3 }, 'mf');
    expect(v).toEqual({
      noBetter: false,
      text: 'Better than the bias-only baseline beyond seed noise: the gain, 0.0600, exceeds two standard deviations of test RMSE over 3 seeds, 0.0120.',
      suggestion: null,
    });
  });

  it('asks for more seeds while there is one', () => {
    expect(spreadVerdict(comparison(0.95, 0.96), null, 'mf').text).toMatch(/^One seed so far/);
    expect(spreadVerdict(comparison(0.97, 0.96), null, 'mf')).toMatchObject({
      noBetter: true,
      suggestion: expect.any(String),
    });
  });
});
