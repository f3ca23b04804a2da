// The plan of a study's next trial, from its stored trials alone: the defaults first (when the study has them),
// then the sampler's proposals with every search trial in its history — running ones marked, for TPE's constant
// liar — until the budget is spent.
import { describe, expect, it } from 'vitest';
import type { SearchValue } from '../../shared';
import type { StoredTrial } from '../store/studies';
import type { ResolvedTune } from './resolveTune';
import type { Observation } from './samplers';
import { historyOf, nextTrial } from './trialPlan';

const resolved = (over: Partial<ResolvedTune> = {}): ResolvedTune => ({
  dataset: 'd',
  model: 'mf',
  fixed: {},
  searchFixed: { epochs: 40, patience: 3 },
  space: { lr: { kind: 'range', low: 0.01, high: 0.1, log: true, integer: false } },
  objective: { name: 'valid.rmse', direction: 'minimize' },
  trials: 3,
  minutes: null,
  sampler: 'tpe',
  pruner: 'median',
  parallel: 2,
  seed: 1,
  defaultsTrial: { lr: 0.03 },
  crossValidate: null,
  ...over,
});

const trial = (number: number, state: StoredTrial['state'], value: number | null, lr: number): StoredTrial => ({
  number,
  kind: 'search',
  arm: null,
  fold: null,
  runId: number,
  params: { lr },
  state,
  value,
  note: null,
  startedAt: '',
  finishedAt: null,
});

/** A sampler that records what it was shown. */
function recording() {
  const seen: Observation[][] = [];
  const sampler = (_space: unknown, history: readonly Observation[]): Record<string, SearchValue> => {
    seen.push([...history]);
    return { lr: 0.05 };
  };
  return { seen, sampler };
}

describe('the next trial', () => {
  it('is the defaults first, then the sampler’s, until the budget is spent', () => {
    const { sampler } = recording();
    expect(nextTrial(resolved(), [], sampler, false)).toEqual({
      kind: 'search',
      params: { lr: 0.03 },
      arm: 'defaults',
    });
    const one = [trial(1, 'running', null, 0.03)];
    expect(nextTrial(resolved(), one, sampler, false)).toEqual({ kind: 'search', params: { lr: 0.05 } });
    // A study stored before the defaults trial existed (no field), or one told to leave it out: the sampler's.
    expect(nextTrial(resolved({ defaultsTrial: undefined }), [], sampler, false)).toMatchObject({
      params: { lr: 0.05 },
    });
    expect(nextTrial(resolved({ defaultsTrial: null }), [], sampler, false)).toMatchObject({ params: { lr: 0.05 } });
    const three = [...one, trial(2, 'complete', 0.9, 0.05), trial(3, 'running', null, 0.05)];
    expect(nextTrial(resolved(), three, sampler, false)).toBeNull();
  });

  it('shows the sampler every search trial, the running ones marked and pruned or failed ones without a loss', () => {
    const { seen, sampler } = recording();
    const trials = [
      trial(1, 'complete', 0.84, 0.03),
      trial(2, 'pruned', 0.9, 0.01),
      trial(3, 'failed', null, 0.02),
      trial(4, 'running', null, 0.06),
    ];
    nextTrial(resolved({ trials: 10 }), trials, sampler, false);
    expect(seen[0]).toEqual([
      { params: { lr: 0.03 }, loss: 0.84 },
      { params: { lr: 0.01 }, loss: null, pruned: true },
      { params: { lr: 0.02 }, loss: null },
      { params: { lr: 0.06 }, loss: null, running: true },
    ]);
    // Maximised objectives are negated: lower is better for the sampler.
    const ndcg = resolved({ objective: { name: 'valid.ndcg@10', direction: 'maximize' } });
    expect(historyOf(ndcg, [trial(1, 'complete', 0.2, 0.03)])).toEqual([{ params: { lr: 0.03 }, loss: -0.2 }]);
  });
});
