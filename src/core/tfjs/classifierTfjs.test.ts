// The classifier end to end on generated labelled text imported through the real importer: it beats the
// majority-class baseline, learns word order with GRU/LSTM/Conv1D where averaging cannot, keeps the best
// epoch, reports progress and predictions, and does not grow the tensor count across epochs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AllOptions, ClassifierConfig, EpochMetrics } from '../../shared';
import { resolveTrainConfig } from '../config';
import { importDataset } from '../ingest/importDataset';
import { runLoop } from '../train/loop';
import { labelledData, trainOn } from '../train/testTraining';
import { importFixture } from '../ingest/testFiles';
import { loadLabelledSequences, type LabelledSequences } from '../store/datasets';
import { generateTextTask, writeTextTaskCsv, type TextTaskKind } from '../tasks/textTask';
import { loadTfjs, type TfjsRuntime } from './backend';
import { classifierOnTfjs, PREDICTIONS_TABLE } from './classifierTfjs';

const fx = importFixture();
afterAll(fx.cleanup);
let rt: TfjsRuntime;
beforeAll(async () => {
  rt = await loadTfjs({ only: 'cpu' });
});

async function textDataset(kind: TextTaskKind, documents: number, lengths = [10, 30]): Promise<LabelledSequences> {
  const path = fx.file(`${kind}.csv`, '');
  writeTextTaskCsv(path, generateTextTask({ kind, documents, seed: 5, minLength: lengths[0], maxLength: lengths[1] }));
  const db = fx.db();
  const r = await importDataset(db, { path, mapping: { text: 'text', label: 'label' } });
  const data = loadLabelledSequences(db, r.datasetId);
  db.close();
  return data;
}

const config = (over: Partial<AllOptions>): Partial<AllOptions> & { model: 'classifier' } => ({
  model: 'classifier',
  dim: 8,
  maxLen: 32,
  epochs: 4,
  hidden: [8],
  dropout: 0,
  ...over,
});

describe('the classifier on generated text', () => {
  let planted: LabelledSequences;
  let order: LabelledSequences;
  beforeAll(async () => {
    planted = await textDataset('planted', 1200);
    order = await textDataset('order', 600, [4, 8]);
  });

  it('learns planted words far above the majority baseline, with metrics per split and a words table', async () => {
    const checkpoints: number[] = [];
    const out = await trainOn(config({ encoder: 'average', lr: 0.01, epochs: 6, patience: 0 }), labelledData(planted), {
      runtime: rt,
      onCheckpoint: (e) => void checkpoints.push(e),
    });
    const epochs = out.epochs;
    expect(epochs).toHaveLength(6);
    expect(checkpoints).toEqual([1, 2, 3, 4, 5, 6]);
    for (const e of epochs)
      for (const s of ['train', 'valid', 'test'] as const)
        expect(Object.keys(e[s]).sort()).toEqual(['accuracy', 'auc', 'loss']);
    const test = out.outcome.metrics.test;
    const base = out.outcome.baselines.majority!.test;
    expect(base.auc).toBe(0.5);
    expect(test.auc!).toBeGreaterThan(0.95);
    expect(test.accuracy!).toBeGreaterThan(base.accuracy! + 0.3);
    const words = out.tables.find((t) => t.name === 'words')!;
    expect(words).toMatchObject({ role: 'word', rows: planted.rows, dim: 8 });
    expect(words.data).toHaveLength(planted.rows * 8);
    const preds = out.tables.find((t) => t.name === PREDICTIONS_TABLE)!;
    expect(preds).toMatchObject({ rows: planted.labels.length, dim: 1 });
  });

  it('learns word order with GRU, LSTM and Conv1D, where the masked average stays at chance', async () => {
    const auc: Record<string, number> = {};
    for (const encoder of ['average', 'conv1d', 'gru', 'lstm'] as const) {
      const out = await trainOn(
        config({ encoder, lr: 0.02, epochs: 5, maxLen: 10, units: 8, filters: 16, kernelSize: 3, patience: 0 }),
        labelledData(order),
        { runtime: rt },
      );
      auc[encoder] = out.outcome.metrics.test.auc!;
    }
    // 60 test documents: chance gives an AUC of 0.5 ± ~0.08.
    expect(auc.average!).toBeLessThan(0.7);
    for (const encoder of ['conv1d', 'gru', 'lstm']) expect(auc[encoder]!).toBeGreaterThan(0.9);
  });

  it('uses softmax with more than two labels (no AUC) and does not grow the tensor count across epochs', async () => {
    const three = {
      ...planted,
      labels: planted.labels.map((l, s) => (s % 7 === 0 ? 2 : l)),
      classes: ['neg', 'pos', 'other'],
    };
    const counts: number[] = [];
    const out = await trainOn(config({ encoder: 'gru', units: 4, epochs: 4, lr: 0.01 }), labelledData(three), {
      runtime: rt,
      onEpoch: () => counts.push(rt.tf.memory().numTensors),
    });
    expect(Object.keys(out.outcome.metrics.test).sort()).toEqual(['accuracy', 'loss']);
    expect(out.tables.find((t) => t.name === PREDICTIONS_TABLE)!.dim).toBe(3);
    // Adam's slots appear during the first epoch; from then on the count stays put.
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(rt.tf.memory().numTensors).toBeLessThanOrEqual(counts[0]!);
  });

  it('stops early with patience and keeps the best epoch', async () => {
    // A large lr overfits the small training split quickly: validation loss turns up and patience stops.
    const out = await trainOn(
      config({ encoder: 'flatten', lr: 0.05, epochs: 30, patience: 2, dim: 16, hidden: [32] }),
      labelledData(planted),
      { runtime: rt },
    );
    const epochs: EpochMetrics[] = out.epochs;
    const losses = epochs.map((e) => e.valid.loss!);
    const best = losses.indexOf(Math.min(...losses)) + 1;
    expect(out.outcome.bestEpoch).toBe(best);
    expect(out.outcome.epochs).toBe(epochs.length);
    expect(epochs.length).toBe(Math.min(30, best + 2));
    expect(out.outcome.metrics.valid).toEqual(epochs[best - 1]!.valid);
  });

  it('ends a run whose loss turns NaN as TrainingDiverged', async () => {
    // Past the training rules (which refuse lr > 10): Adam steps of 1e30 overflow the weights within a few batches.
    const resolved = resolveTrainConfig({ dataset: 'text', ...config({ epochs: 3, encoder: 'flatten' }) });
    const wild = { ...resolved, lr: 1e30 } as ClassifierConfig;
    const model = classifierOnTfjs({ config: wild, data: { kind: 'labelled', columns: planted }, initial: {} }, rt);
    await expect(runLoop(model, wild)).rejects.toMatchObject({ code: 'TrainingDiverged' });
  });
});
