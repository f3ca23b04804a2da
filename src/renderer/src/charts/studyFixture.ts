// A small study for the Tune panel's tests: mf, lr (log range) and dim (a list), complete, pruned and failed
// trials ending a minute apart, and one fold of a cross-validation (never drawn among the search trials).
import type { StudyDetail, Trial } from '../../../shared';

export function trial(number: number, state: Trial['state'], value: number | null, lr: number, dim: number): Trial {
  return {
    number,
    kind: 'search',
    arm: null,
    fold: null,
    runId: 100 + number,
    params: { lr, dim },
    state,
    value,
    curve:
      value === null
        ? []
        : [
            [1, value + 0.1],
            [2, value],
          ],
    bestEpoch: value === null ? null : 2,
    startedAt: `2026-01-01T10:0${number - 1}:00.000Z`,
    finishedAt: `2026-01-01T10:0${number}:00.000Z`,
    note: state === 'complete' ? null : `why ${number}`,
  };
}

export function sampleStudy(over: Partial<StudyDetail> = {}): StudyDetail {
  return {
    id: 3,
    datasetId: 1,
    dataset: 'movies',
    model: 'mf',
    status: 'completed',
    objective: { name: 'valid.rmse', direction: 'minimize' },
    sampler: 'tpe',
    pruner: 'median',
    budget: { trials: 5, minutes: null },
    seed: 42,
    trialsDone: 5,
    bestTrial: 3,
    bestValue: 0.85,
    createdAt: '2026-01-01T10:00:00.000Z',
    finishedAt: '2026-01-01T10:06:00.000Z',
    error: null,
    space: {
      lr: { kind: 'range', low: 0.001, high: 0.1, log: true, integer: false },
      dim: { kind: 'choice', values: [16, 32, 64] },
    },
    fixed: { epochs: 10 },
    parallel: 1,
    trials: [
      trial(1, 'complete', 0.9, 0.001, 16),
      trial(2, 'pruned', 0.95, 0.1, 32),
      trial(3, 'complete', 0.85, 0.01, 64),
      trial(4, 'failed', null, 0.09, 16),
      trial(5, 'complete', 0.88, 0.02, 32),
      { ...trial(6, 'complete', 0.8, 0.01, 64), kind: 'cv', arm: 'trial 3', fold: 0 },
    ],
    best: {
      trial: 3,
      runId: 103,
      value: 0.85,
      params: { lr: 0.01, dim: 64 },
      config: {
        model: 'mf',
        dim: 64,
        epochs: 10,
        lr: 0.01,
        schedule: 'constant',
        seed: 42,
        threads: 1,
        patience: 3,
        engine: 'auto',
        features: 'none',
        solver: 'sgd',
        regExponent: 1,
        holdout: 0,
        reg: 0.08,
        regBias: 0.01,
      },
      bestEpoch: 2,
      metrics: { valid: { rmse: 0.85 }, test: { rmse: 0.86 } },
    },
    importance: [
      { option: 'lr', share: 0.7 },
      { option: 'dim', share: 0.3 },
    ],
    crossValidation: null,
    ...over,
  };
}
