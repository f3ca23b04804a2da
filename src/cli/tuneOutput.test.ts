// What `ewb tune` prints at the end: the best trial with its figures and, when the study trained the defaults
// first, how far the best is from them on the objective.
import { describe, expect, it } from 'vitest';
import type { StudyDetail, Trial } from '../shared';
import { resolveTrainRequest } from '../shared';
import { studyLines } from './tuneOutput';

const trial = (number: number, value: number, arm: string | null): Trial => ({
  number,
  kind: 'search',
  arm,
  fold: null,
  runId: number,
  params: { lr: number === 1 ? 0.03 : 0.05 },
  state: 'complete',
  value,
  curve: [],
  bestEpoch: 30,
  startedAt: '',
  finishedAt: '',
  note: null,
});

function detail(trials: Trial[]): StudyDetail {
  const best = [...trials].sort((a, b) => a.value! - b.value!)[0]!;
  return {
    id: 3,
    datasetId: 1,
    dataset: 'ml',
    model: 'mf',
    status: 'completed',
    objective: { name: 'valid.rmse', direction: 'minimize' },
    sampler: 'tpe',
    pruner: 'median',
    budget: { trials: trials.length, minutes: null },
    seed: 42,
    trialsDone: trials.length,
    bestTrial: best.number,
    bestValue: best.value,
    createdAt: '',
    finishedAt: '',
    error: null,
    space: {},
    fixed: {},
    parallel: 2,
    trials,
    best: {
      trial: best.number,
      runId: best.runId!,
      value: best.value!,
      params: best.params,
      config: resolveTrainRequest({ dataset: 'ml', model: 'mf', lr: 0.05 }, 1),
      bestEpoch: 30,
      metrics: { valid: { rmse: best.value! }, test: { rmse: 0.835 } },
    },
    importance: [],
    crossValidation: null,
  };
}

describe('the study’s closing lines', () => {
  it('say how far the best is from the defaults trial, and name the defaults when they are the best', () => {
    const lines = studyLines(detail([trial(1, 0.8384, 'defaults'), trial(2, 0.8371, null)])).join('\n');
    expect(lines).toMatch(/best: trial 2 \(run 2/);
    expect(lines).toMatch(/the defaults \(trial 1\): valid\.rmse 0\.8384; best − defaults -0\.0013/);
    const theirs = studyLines(detail([trial(1, 0.8371, 'defaults'), trial(2, 0.8384, null)])).join('\n');
    expect(theirs).toMatch(/best: trial 1 \(the defaults\)/);
    expect(theirs).not.toMatch(/best − defaults/);
  });
});
