import { describe, expect, it } from 'vitest';
import { DEFAULT_SPACES, MODEL_RULES, MODELS, formatDimension } from '../../../shared';
import { buildTuneRequest, defaultTuneDraft, searchableOptions } from './tuneForm';

describe('the Tune form', () => {
  it('offers each model’s searchable options with its default space filled in', () => {
    for (const m of MODELS) {
      const draft = defaultTuneDraft(m);
      for (const [key, d] of Object.entries(DEFAULT_SPACES[m]))
        expect(draft.space[key as 'lr']).toBe(formatDimension(d));
      expect(searchableOptions(m)).not.toContain('seed');
      expect(searchableOptions(m)).not.toContain('hidden');
    }
    // holdout is a data choice (never searched); solver and regExponent may be searched when given a space, but
    // the default space holds them at mf's defaults, like the schedule.
    expect(searchableOptions('mf')).toEqual(['dim', 'lr', 'schedule', 'solver', 'reg', 'regBias', 'regExponent']);
    for (const held of ['schedule', 'solver', 'regExponent'] as const)
      expect(defaultTuneDraft('mf').space[held]).toBe('');
    expect(Object.keys(DEFAULT_SPACES.mf)).not.toContain('regExponent');
    // The default space contains the defaults it tunes around.
    const { reg, regBias } = DEFAULT_SPACES.mf;
    for (const [d, v] of [
      [reg, MODEL_RULES.mf.defaults.reg],
      [regBias, MODEL_RULES.mf.defaults.regBias],
    ] as const)
      expect(d?.kind === 'range' && d.low <= v && v <= d.high).toBe(true);
  });

  it('builds the request the default draft stands for', () => {
    const built = buildTuneRequest('movies', 'mf', { ...defaultTuneDraft('mf'), folds: 5 });
    expect(built).toEqual({
      ok: true,
      request: {
        dataset: 'movies',
        model: 'mf',
        space: DEFAULT_SPACES.mf,
        objective: 'valid.rmse',
        sampler: 'tpe',
        pruner: 'median',
        trials: 20,
        seed: 42,
        crossValidate: { k: 5 },
      },
    });
    const without = buildTuneRequest('movies', 'mf', { ...defaultTuneDraft('mf'), defaultsTrial: false });
    expect(without.ok && without.request.defaultsTrial).toBe(false);
  });

  it('names every problem at once', () => {
    const draft = { ...defaultTuneDraft('mf'), trials: null, folds: 1 };
    draft.space = { lr: '0..1', dim: '8|0', reg: '' };
    const built = buildTuneRequest('movies', 'mf', draft);
    expect(built.ok ? [] : built.problems).toEqual([
      'lr=0..1: 0 does not fit: lr must be a number above 0 and at most 10',
      'dim=8|0: 0 does not fit: dim must be a whole number from 1 to 1024',
      'give at least one option a range or a list to search',
      'give a number of trials, minutes, or both',
      'folds must be from 2 to 20 (empty: no cross-validation)',
    ]);
  });
});
