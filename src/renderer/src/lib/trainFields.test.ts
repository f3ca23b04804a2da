import { describe, expect, it } from 'vitest';
import { MODEL_RULES, MODELS, OPTION_RULES } from '../../../shared';
import { dataset } from './testDatasets';
import { fieldGroups, fieldView } from './trainFields';
import { defaultDraft } from './trainForm';

const ratings = dataset({});
const clicks = dataset({ mapping: { user: 'user', item: 'item' } });
const reviews = dataset({ kind: 'text', mapping: { text: 't', label: 'l' }, rows: 0, sequences: 80 });

const shown = (...args: Parameters<typeof fieldGroups>) =>
  fieldGroups(...args).flatMap((g) => g.fields.map((f) => f.key));

describe('the Train form’s fields', () => {
  it('are labelled shortly, with the rule’s hint and the model’s default as the description', () => {
    for (const model of MODELS)
      for (const f of fieldGroups(model, defaultDraft(model), undefined).flatMap((g) => g.fields)) {
        expect(f.label).toBe(OPTION_RULES[f.key].label);
        expect(f.label.length).toBeLessThan(24);
        expect(f.hint).toContain(OPTION_RULES[f.key].hint);
        expect(f.hint).toMatch(/ Default: .+\.$/);
        expect(f.problem).toBeNull();
      }
    expect(fieldView('implicit', 'reg', defaultDraft('implicit')).hint).toMatch(/Default: 1e-4\.$/);
    expect(fieldView('classifier', 'padding', defaultDraft('classifier')).hint).toBe(
      'Where PAD goes in short sequences. pre: at the start (Keras default). Default: pre.',
    );
  });

  it('say what the chosen value of a choice does', () => {
    const draft = { ...defaultDraft('implicit'), loss: 'bpr' };
    expect(fieldView('implicit', 'loss', draft)).toMatchObject({
      kind: 'choice',
      values: ['bpr', 'warp'],
      hint: expect.stringContaining(OPTION_RULES.loss.valueHints!.bpr!),
    });
  });

  it('give number inputs the rule’s limits, and the text an empty field stands for', () => {
    expect(fieldView('mf', 'lr', defaultDraft('mf'))).toMatchObject({ kind: 'number', min: 0, max: 10, step: 'any' });
    expect(fieldView('mf', 'threads', defaultDraft('mf'))).toMatchObject({ step: 1, placeholder: 'all cores' });
    expect(fieldView('implicit', 'threshold', defaultDraft('implicit')).min).toBeUndefined();
    expect(fieldView('mf', 'dim', { dim: 0 }).problem).toMatch(/^dim must be a whole number from 1 to 1024/);
  });

  it('come in the rules’ order, those most models take first', () => {
    const groups = fieldGroups('mf', defaultDraft('mf'), ratings);
    expect(groups.map((g) => g.legend)).toEqual(['Training', 'mf options']);
    // Side features are offered only for a dataset imported with some, and only to the models that use them.
    expect(groups.flatMap((g) => g.fields.map((f) => f.key)).sort()).toEqual(
      MODEL_RULES.mf.options.filter((k) => k !== 'features').sort(),
    );
    expect(shown('implicit', defaultDraft('implicit'), dataset({ itemFeatures: 20 }))).toContain('features');
    expect(shown('implicit', defaultDraft('implicit'), ratings)).not.toContain('features');
    expect(shown('mf', defaultDraft('mf'), dataset({ itemFeatures: 20 }))).toContain('features');
    expect(shown('ials', defaultDraft('ials'), dataset({ itemFeatures: 20 }))).not.toContain('features');
    expect(groups[0]!.fields.map((f) => f.key)).toContain('patience');
    // mf's own options since issue 12: the solver, the penalties (with ν) and the carved validation share.
    expect(groups[1]!.fields.map((f) => f.key)).toEqual(['solver', 'reg', 'regBias', 'regExponent', 'holdout']);
    const own = fieldGroups('classifier', defaultDraft('classifier'), reviews)[1]!.fields.map((f) => f.key);
    expect(own[0]).toBe('maxLen');
  });

  it('show what matters on the dataset and engine chosen', () => {
    expect(shown('implicit', defaultDraft('implicit'), ratings)).toContain('threshold');
    expect(shown('implicit', defaultDraft('implicit'), clicks)).not.toContain('threshold');
    expect(shown('sgns', defaultDraft('sgns'), reviews)).not.toContain('patience');
    expect(shown('mf', { ...defaultDraft('mf'), engine: 'tfjs' }, ratings)).not.toContain('threads');
    expect(shown('classifier', defaultDraft('classifier'), reviews)).not.toContain('threads');
  });

  it('show the classifier the sizes its encoder reads', () => {
    const sizes = (encoder: string) =>
      shown('classifier', { ...defaultDraft('classifier'), encoder }, reviews).filter((k) =>
        ['units', 'filters', 'kernelSize'].includes(k),
      );
    expect(sizes('gru')).toEqual(['units']);
    expect(sizes('conv1d')).toEqual(['filters', 'kernelSize']);
    expect(sizes('average')).toEqual([]);
    expect(fieldView('classifier', 'hidden', defaultDraft('classifier'))).toMatchObject({
      kind: 'list',
      placeholder: 'none',
    });
  });
});
