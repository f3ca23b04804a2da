import { describe, expect, it } from 'vitest';
import type { DatasetSummary, ModelName, OptionKey } from '../../../shared';
import { checkTrainRequest, MF_PER_RATING, MODEL_RULES, MODELS, OPTION_RULES, optionProblem } from '../../../shared';
import { dataset } from './testDatasets';
import {
  buildTrainRequest,
  choicesOf,
  defaultDraft,
  defaultText,
  fieldValue,
  optionValue,
  pickModel,
  restoreDraft,
  withChoice,
  withEngine,
  withSpark,
  type TrainDraft,
} from './trainForm';

const ratings = dataset({ name: 'movies' });
const clicks = dataset({ name: 'clicks', mapping: { user: 'user', item: 'item' } });
const sessions = dataset({ name: 'sessions', kind: 'sequences', mapping: { item: 'i', session: 's' }, sequences: 200 });
const reviews = dataset({ name: 'reviews', kind: 'text', mapping: { text: 't', label: 'l' }, rows: 0, sequences: 80 });
const lines = dataset({
  name: 'lines',
  kind: 'tabular',
  mapping: { category: ['Country', 'Weekday'], numeric: 'Price', target: 'Quantity' },
});
const FITS: Record<ModelName, DatasetSummary> = {
  mf: ratings,
  implicit: clicks,
  ials: clicks,
  sgns: sessions,
  cbow: sessions,
  classifier: reviews,
  tabular: lines,
};

function request(d: DatasetSummary, model: ModelName, draft: TrainDraft) {
  const built = buildTrainRequest(d, model, draft);
  if (!built.ok) throw new Error(built.problems.join('; '));
  return built.request;
}

describe('the form made from the shared rules', () => {
  it.each(MODELS)('sends %s a request that resolves to exactly its defaults', (model) => {
    const req = request(FITS[model], model, defaultDraft(model));
    const checked = checkTrainRequest(req, 4);
    expect(checked).toEqual({
      ok: true,
      config: { ...MODEL_RULES[model].defaults, model, threads: 4 },
    });
    // Only the model's options; auto and empty ones (threads) left to the core.
    expect(Object.keys(req).filter((k) => k !== 'dataset' && k !== 'model')).toEqual(
      MODEL_RULES[model].options.filter((k) => k in req),
    );
    expect(req).not.toHaveProperty('engine');
    expect(req).not.toHaveProperty('threads');
  });

  it('refuses what the core refuses, in the core’s words', () => {
    const bad: TrainDraft = { ...defaultDraft('mf'), dim: 1.5, lr: 0, regBias: -1 };
    const built = buildTrainRequest(ratings, 'mf', bad);
    const core = checkTrainRequest({ dataset: 'movies', model: 'mf', dim: 1.5, lr: 0, regBias: -1 }, 1);
    expect(core.ok).toBe(false);
    expect(built).toEqual({ ok: false, problems: core.ok ? [] : core.problems });
    expect(built.ok || built.problems[0]).toBe(optionProblem('dim', 1.5));
  });

  it('reads per-column dims as name=N pairs, and refuses a malformed one in the core’s words', () => {
    expect(optionValue('columnDims', 'Country=8, Weekday = 3')).toEqual({ Country: 8, Weekday: 3 });
    expect(optionValue('columnDims', ' ')).toBeUndefined();
    const built = buildTrainRequest(lines, 'tabular', { ...defaultDraft('tabular'), columnDims: 'Country=8' });
    expect(built).toMatchObject({ ok: true, request: { columnDims: { Country: 8 } } });
    const bad = buildTrainRequest(lines, 'tabular', { ...defaultDraft('tabular'), columnDims: 'Country' });
    expect(bad).toEqual({ ok: false, problems: [optionProblem('columnDims', 'Country')] });
  });

  it('refuses an empty field unless its rule lets the core decide', () => {
    const built = buildTrainRequest(ratings, 'mf', { ...defaultDraft('mf'), reg: null, threads: null });
    expect(built.ok || built.problems).toEqual([expect.stringMatching(/^reg is required: a number ≥ 0/)]);
    expect(request(ratings, 'implicit', { ...defaultDraft('implicit'), threshold: null })).not.toHaveProperty(
      'threshold',
    );
  });

  it('sends a threshold only where the dataset has ratings to compare with', () => {
    const draft = { ...defaultDraft('implicit'), threshold: 4 };
    expect(request(ratings, 'implicit', draft)).toMatchObject({ model: 'implicit', loss: 'warp', threshold: 4 });
    expect(request(clicks, 'implicit', draft)).not.toHaveProperty('threshold');
  });

  it('offers each model its schedules, and the core’s message for another', () => {
    expect(choicesOf('mf', 'schedule')).toEqual(MODEL_RULES.mf.schedules);
    expect(choicesOf('sgns', 'schedule')).toEqual(['linear']);
    const built = buildTrainRequest(sessions, 'sgns', { ...defaultDraft('sgns'), schedule: 'adagrad' });
    expect(built).toEqual({ ok: false, problems: ['sgns trains with schedule linear (got adagrad)'] });
  });
});

describe('engines', () => {
  it('offers auto and the engines that train the model', () => {
    expect(choicesOf('mf', 'engine')).toEqual(['auto', 'cpu', 'tfjs']);
    expect(choicesOf('cbow', 'engine')).toEqual(['auto', 'cpu']);
    expect(choicesOf('classifier', 'engine')).toEqual(['auto', 'tfjs']);
  });

  it('sends cpu or tfjs, and no threads where tfjs trains', () => {
    const cpu = request(ratings, 'mf', { ...defaultDraft('mf'), engine: 'cpu', threads: 2 });
    expect(cpu).toMatchObject({ engine: 'cpu', threads: 2 });
    const tfjs = request(ratings, 'mf', { ...withEngine('mf', defaultDraft('mf'), 'tfjs'), threads: 2 });
    expect(tfjs.engine).toBe('tfjs');
    expect(tfjs).not.toHaveProperty('threads');
  });

  it('takes a loss’s own defaults when it is chosen (BPR’s penalty, negatives, epochs), and back', () => {
    const bpr = MODEL_RULES.implicit.choiceDefaults!.loss!.bpr!;
    const draft = withChoice('implicit', defaultDraft('implicit'), 'loss', 'bpr');
    expect(draft).toEqual({ ...defaultDraft('implicit'), ...bpr, loss: 'bpr' });
    expect(request(clicks, 'implicit', draft)).toMatchObject({ loss: 'bpr', ...bpr });
    expect(withChoice('implicit', draft, 'loss', 'warp')).toEqual(defaultDraft('implicit'));
    // Another option is only set; on tfjs (where the loss becomes bpr) BPR's defaults come with it.
    expect(withChoice('implicit', draft, 'dim', 8)).toEqual({ ...draft, dim: 8 });
    expect(withEngine('implicit', defaultDraft('implicit'), 'tfjs')).toMatchObject({ loss: 'bpr', ...bpr });
  });

  it('takes the engine’s defaults when it is chosen (implicit on tfjs trains bpr), and refuses warp there', () => {
    const onTfjs = withEngine('implicit', defaultDraft('implicit'), 'tfjs');
    expect(onTfjs).toMatchObject({ engine: 'tfjs', loss: 'bpr' });
    expect(request(clicks, 'implicit', onTfjs)).toMatchObject({ engine: 'tfjs', loss: 'bpr' });
    const warp = buildTrainRequest(clicks, 'implicit', { ...onTfjs, loss: 'warp' });
    expect(warp.ok || warp.problems).toEqual([expect.stringMatching(/tfjs engine trains implicit with loss bpr only/)]);
    // mf on tfjs: SGD with the per-rating penalty, whose own best λ the rules give.
    const mf = withEngine('mf', defaultDraft('mf'), 'tfjs');
    expect(mf).toEqual({ ...defaultDraft('mf'), engine: 'tfjs', ...MODEL_RULES.mf.engineDefaults!.tfjs });
    expect(request(ratings, 'mf', mf)).toMatchObject({ engine: 'tfjs', regExponent: 1 });
  });

  it('takes MLlib’s defaults on Spark: mf’s λ for ALS-WR (ν = 1), not the local one for ν = 0.5', () => {
    const local = defaultDraft('mf');
    const onSpark = withSpark('mf', local);
    expect(onSpark.reg).toBe(fieldValue('reg', MF_PER_RATING.reg));
    expect(onSpark.reg).not.toBe(local.reg);
    const built = buildTrainRequest(ratings, 'mf', onSpark, true);
    expect(built).toMatchObject({ ok: true, request: { reg: MF_PER_RATING.reg } });
    expect(built.ok && 'regExponent' in built.request).toBe(false);
  });

  it('passes on the core’s refusal of an engine a model has not', () => {
    const built = buildTrainRequest(sessions, 'cbow', { ...defaultDraft('cbow'), engine: 'tfjs' });
    expect(built.ok).toBe(false);
  });
});

describe('the classifier', () => {
  it('reads hidden layer sizes as typed; none and empty are no layer', () => {
    expect(optionValue('hidden', '64, 32')).toEqual([64, 32]);
    expect(optionValue('hidden', '64 32')).toEqual([64, 32]);
    expect(optionValue('hidden', '')).toEqual([]);
    expect(optionValue('hidden', 'none')).toEqual([]);
    const req = request(reviews, 'classifier', { ...defaultDraft('classifier'), hidden: '64, 32' });
    expect(req).toMatchObject({ model: 'classifier', hidden: [64, 32], encoder: 'average', patience: 2 });
  });

  it('refuses sizes the rule refuses, saying what it takes', () => {
    const rule = OPTION_RULES.hidden;
    for (const typed of [
      '64 x',
      '0',
      `${rule.max + 1}`,
      Array(rule.maxItems + 1)
        .fill('8')
        .join(','),
    ]) {
      const built = buildTrainRequest(reviews, 'classifier', { ...defaultDraft('classifier'), hidden: typed });
      expect(built.ok || built.problems[0]).toMatch(/^hidden must be a list of up to 8 whole numbers/);
    }
  });

  it('sends the sizes the chosen encoder reads, and leaves the others to their defaults', () => {
    const gru = request(reviews, 'classifier', { ...defaultDraft('classifier'), encoder: 'gru', units: 8 });
    expect(gru).toMatchObject({ encoder: 'gru', units: 8 });
    expect(gru).not.toHaveProperty('filters');
    const average = request(reviews, 'classifier', { ...defaultDraft('classifier'), units: 0 });
    expect(average).not.toHaveProperty('units'); // not read by average, so not a problem either
  });
});

describe('defaults as the form writes them', () => {
  it('gives each model the rules’ defaults, lists as typed', () => {
    expect(defaultDraft('classifier').hidden).toBe('16');
    expect(defaultDraft('mf').threads).toBeNull();
    for (const model of MODELS)
      for (const key of MODEL_RULES[model].options)
        expect(defaultText(model, key), `${model}.${key}`).not.toBe('undefined');
  });

  it('writes small numbers and empty defaults as a user would type or read them', () => {
    expect(defaultText('implicit', 'reg')).toBe('1e-4');
    expect(defaultText('cbow', 'sample')).toBe('0.001');
    expect(defaultText('sgns', 'sample')).toBe('1e-4');
    expect(defaultText('mf', 'threads')).toBe('all cores');
    expect(defaultText('implicit', 'threshold')).toBe('every row');
    expect(defaultText('mf', 'engine')).toBe('auto');
  });
});

describe('remembered settings', () => {
  it('come back on today’s rules: wrong kinds, unknown options and foreign schedules fall back', () => {
    const saved = { dim: 16, lr: 'fast', window: 3, schedule: 'adagrad', threads: null, engine: 'tfjs' };
    const draft = restoreDraft('mf', saved);
    expect(draft).toEqual({ ...defaultDraft('mf'), dim: 16, engine: 'tfjs' });
    expect(restoreDraft('mf', 'garbage')).toEqual(defaultDraft('mf'));
    expect(restoreDraft('classifier', { hidden: '64, 32' }).hidden).toBe('64, 32');
  });

  it('keep a value out of range, for the form to say what is wrong with it', () => {
    const built = buildTrainRequest(ratings, 'mf', restoreDraft('mf', { dim: 5000 }));
    expect(built.ok || built.problems).toEqual([optionProblem('dim', 5000)]);
  });
});

describe('pickModel', () => {
  it('keeps the model when the dataset can train it, else takes the first that fits', () => {
    expect(pickModel(ratings, 'implicit')).toBe('implicit');
    expect(pickModel(sessions, 'mf')).toBe('sgns');
    expect(pickModel(clicks, 'cbow')).toBe('implicit');
    expect(pickModel(reviews, 'mf')).toBe('sgns');
    expect(pickModel(undefined, 'cbow')).toBe('cbow');
  });
});

const keys = (d: TrainDraft): OptionKey[] => Object.keys(d) as OptionKey[];
describe('defaultDraft', () => {
  it.each(MODELS)('has a field for each option of %s and nothing else', (model) => {
    expect(keys(defaultDraft(model))).toEqual(MODEL_RULES[model].options);
  });
});
