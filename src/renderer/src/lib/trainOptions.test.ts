import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../shared';
import { dataset } from './testDatasets';
import { commonFields, fieldsFor, spec } from './trainFields';
import { buildTrainRequest, defaultDraft, defaultText, fieldProblem } from './trainOptions';

const ratings = dataset({ name: 'movies' });
const clicks = dataset({ name: 'clicks', mapping: { user: 'user', item: 'item' } });
const sessions = dataset({ name: 'sessions', kind: 'sequences', rows: 0, sequences: 200 });

function request(...args: Parameters<typeof buildTrainRequest>) {
  const built = buildTrainRequest(...args);
  if (!built.ok) throw new Error(built.problems.join('; '));
  return built.request;
}

describe('buildTrainRequest', () => {
  it('sends mf its own options with the defaults, and leaves threads to the backend', () => {
    expect(request(ratings, 'mf', defaultDraft('mf'))).toEqual({
      dataset: 'movies',
      model: 'mf',
      dim: 64,
      epochs: 20,
      lr: 0.025,
      schedule: 'constant',
      seed: 42,
      patience: 0,
      reg: 0.08,
      regBias: 0.01,
    });
  });

  it('sends implicit its loss and K, and a threshold only when one is set on a rated dataset', () => {
    const draft = { ...defaultDraft('implicit'), loss: 'bpr' as const, threshold: 4 };
    expect(request(ratings, 'implicit', draft)).toMatchObject({ model: 'implicit', loss: 'bpr', k: 10, threshold: 4 });
    expect(request(clicks, 'implicit', draft)).not.toHaveProperty('threshold');
    expect(request(ratings, 'implicit', defaultDraft('implicit'))).not.toHaveProperty('threshold');
  });

  it('sends word2vec its options and nothing of the other models', () => {
    const req = request(sessions, 'sgns', { ...defaultDraft('sgns'), reg: 0.5, loss: 'bpr', threads: 2 });
    expect(req).toEqual({
      dataset: 'sessions',
      model: 'sgns',
      dim: 100,
      epochs: 5,
      lr: 0.025,
      schedule: 'linear',
      seed: 42,
      threads: 2,
      window: 5,
      negative: 5,
      sample: 1e-3,
      minCount: 1,
      nsExponent: 0.75,
    });
    expect(request(sessions, 'cbow', defaultDraft('cbow')).lr).toBe(0.05);
  });

  it('lists every problem instead of sending a request the backend would refuse', () => {
    const built = buildTrainRequest(ratings, 'mf', { ...defaultDraft('mf'), dim: 1.5, lr: 0, reg: null });
    expect(built).toEqual({
      ok: false,
      problems: ['dim must be a whole number', 'learning rate must be above 0', 'reg is required'],
    });
    const wrongSchedule = buildTrainRequest(sessions, 'sgns', { ...defaultDraft('sgns'), schedule: 'adagrad' });
    expect(wrongSchedule).toEqual({ ok: false, problems: ['sgns trains with schedule linear'] });
  });
});

describe('the fields', () => {
  it('offer patience only to models with a validation score', () => {
    expect(commonFields('implicit').map((s) => s.key)).toContain('patience');
    expect(commonFields('cbow').map((s) => s.key)).toEqual(['dim', 'epochs', 'lr', 'seed', 'threads']);
  });

  it('show a threshold for implicit only where there are ratings', () => {
    expect(fieldsFor('implicit', ratings).map((s) => s.key)).toEqual(['k', 'threshold', 'reg', 'regBias']);
    expect(fieldsFor('implicit', clicks).map((s) => s.key)).toEqual(['k', 'reg', 'regBias']);
  });

  it('explain every field and give each model a default for each of its fields', () => {
    for (const model of MODELS) {
      for (const s of fieldsFor(model, ratings)) {
        expect(s.hint.length).toBeGreaterThan(20);
        if (!s.empty) expect(defaultDraft(model)[s.key]).not.toBeNull();
      }
    }
  });

  it('write defaults as a user would type them', () => {
    expect(defaultText('implicit', 'reg')).toBe('1e-4');
    expect(defaultText('sgns', 'sample')).toBe('0.001');
    expect(defaultText('mf', 'threads')).toBe('all cores');
    expect(defaultText('implicit', 'threshold')).toBe('every row');
  });

  it('check ranges as the backend does', () => {
    expect(fieldProblem(spec('nsExponent'), 2.5)).toBe('nsExponent must be at most 2');
    expect(fieldProblem(spec('minCount'), 0)).toBe('minCount must be at least 1');
    expect(fieldProblem(spec('threads'), null)).toBeNull();
    expect(fieldProblem(spec('threshold'), -3)).toBeNull();
  });
});
