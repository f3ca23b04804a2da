import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../../shared';
import { classifierRequest, defaultClassifierDraft, numbersFor, parseHidden } from './classifierOptions';
import { curveMetrics } from '../charts/lossCurve';
import { compareWithBaselines, headlineMetric, lowerIsBetter } from './runMetrics';
import { unavailableReason } from './trainModels';
import { buildTrainRequest, defaultDraft } from './trainOptions';

const text = {
  name: 'reviews',
  kind: 'text',
  sequences: 100,
  rows: 0,
  mapping: { text: 'text', label: 'label' },
} as unknown as DatasetSummary;

describe('classifier options in the Train form', () => {
  it('reads hidden layer sizes as typed, refusing what config.ts refuses', () => {
    expect(parseHidden('64, 32')).toEqual([64, 32]);
    expect(parseHidden('')).toEqual([]);
    expect(parseHidden('64 x')).toBeNull();
    expect(parseHidden('0')).toBeNull();
  });

  it('shows the sizes the chosen encoder reads', () => {
    expect(numbersFor('gru').map((s) => s.key)).toEqual(['maxLen', 'units', 'dropout', 'batchSize']);
    expect(numbersFor('conv1d').map((s) => s.key)).toEqual(['maxLen', 'filters', 'kernelSize', 'dropout', 'batchSize']);
  });

  it('builds the whole request from the defaults and lists every problem', () => {
    const built = buildTrainRequest(text, 'classifier', defaultDraft('classifier'));
    expect(built).toMatchObject({
      ok: true,
      request: { model: 'classifier', encoder: 'average', maxLen: 100, hidden: [16], padding: 'pre', patience: 2 },
    });
    const bad = classifierRequest({ ...defaultClassifierDraft(), maxLen: 0, dropout: null, hidden: 'many' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems).toHaveLength(3);
  });

  it('is offered only for datasets with labelled sequences', () => {
    expect(unavailableReason('classifier', text)).toBeNull();
    const unlabelled = { ...text, mapping: { text: 'text' } } as DatasetSummary;
    expect(unavailableReason('classifier', unlabelled)).toMatch(/label/);
    expect(unavailableReason('classifier', { ...text, sequences: 0 } as DatasetSummary)).toMatch(/sequences/);
  });

  it('plots AUC and accuracy per epoch and judges the run by test AUC against the majority class', () => {
    const m = { loss: 0.4, accuracy: 0.8, auc: 0.85 };
    const epoch = { epoch: 1, loss: 0.5, train: m, valid: m, test: m, seconds: 1 };
    expect(curveMetrics([epoch])).toEqual(['auc', 'accuracy']);
    expect(headlineMetric('classifier', m)).toBe('auc');
    expect(headlineMetric('classifier', { loss: 1, accuracy: 0.5 })).toBe('accuracy');
    expect(lowerIsBetter('loss')).toBe(true);
    const base = { loss: 0.69, accuracy: 0.55, auc: 0.5 };
    const c = compareWithBaselines({
      type: 'result',
      runId: 1,
      model: 'classifier',
      engine: 'tfjs',
      metrics: { train: m, valid: m, test: m },
      baselines: { majority: { train: base, valid: base, test: base } },
      bestEpoch: 1,
      epochs: 1,
      seconds: 1,
    });
    expect(c).toMatchObject({ metric: 'auc', baseline: 'majority', baselineValue: 0.5 });
  });
});
