import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../datasets';
import { MODEL_RULES, optionsShown } from './models';

const rated = { kind: 'interactions', mapping: { user: 'u', item: 'i', rating: 'r' } } as unknown as DatasetSummary;
const clicks = { kind: 'interactions', mapping: { user: 'u', item: 'i' } } as unknown as DatasetSummary;

describe('optionsShown', () => {
  it('drops threads where tfjs trains: asked for, or the only engine of the model', () => {
    expect(optionsShown('mf', 'cpu')).toEqual(MODEL_RULES.mf.options);
    expect(optionsShown('mf', 'tfjs')).not.toContain('threads');
    expect(optionsShown('classifier', 'auto')).not.toContain('threads');
  });

  it('on Spark offers only what MLlib has: the refused options go, and word2vec’s one schedule', () => {
    expect(optionsShown('mf', 'spark')).toEqual(['dim', 'epochs', 'seed', 'reg']);
    expect(optionsShown('implicit', 'spark', { dataset: rated })).toEqual(['dim', 'epochs', 'seed', 'k', 'reg']);
    expect(optionsShown('sgns', 'spark')).toEqual(['dim', 'epochs', 'lr', 'seed', 'window', 'minCount']);
    expect(optionsShown('cbow', 'spark')).toEqual([]); // Spark does not train it
  });

  it('offers a rating threshold only on a dataset with ratings', () => {
    expect(optionsShown('implicit', 'auto', { dataset: rated })).toContain('threshold');
    expect(optionsShown('implicit', 'auto', { dataset: clicks })).not.toContain('threshold');
  });

  it('offers the sizes the chosen encoder reads', () => {
    const own = (encoder: 'gru' | 'conv1d' | 'average') =>
      optionsShown('classifier', 'auto', { encoder }).filter((k) => ['units', 'filters', 'kernelSize'].includes(k));
    expect(own('gru')).toEqual(['units']);
    expect(own('conv1d')).toEqual(['filters', 'kernelSize']);
    expect(own('average')).toEqual([]);
  });
});
