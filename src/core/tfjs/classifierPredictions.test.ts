// The classifier through the real run path (supervisor, training process), then `ewb predict`'s reader and CSV,
// the configuration it accepts, and the error for a dataset without labels.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveTrainConfig } from '../config';
import { headlessServices } from '../headless';
import { importDataset } from '../ingest/importDataset';
import { getRun } from '../store/runs';
import { loadLabelledSequences } from '../store/datasets';
import { openDb } from '../store/db';
import { generateTextTask, writeTextTaskCsv } from '../tasks/textTask';
import { tempDir } from '../testing';
import { readPredictions, writePredictionsCsv } from './classifierPredictions';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('classifier config', () => {
  it('fills Keras-like defaults and refuses what it cannot train', () => {
    const c = resolveTrainConfig({ dataset: 'd', model: 'classifier' });
    expect(c).toMatchObject({ encoder: 'average', maxLen: 100, padding: 'pre', truncating: 'pre', hidden: [16] });
    const bad = (over: object) => () => resolveTrainConfig({ dataset: 'd', model: 'classifier', ...over });
    expect(bad({ encoder: 'rnn' })).toThrow(/encoder is one of/);
    expect(bad({ padding: 'middle' })).toThrow(/padding is pre or post/);
    expect(bad({ hidden: [0] })).toThrow(/hidden/);
    expect(bad({ engine: 'cpu' })).toThrow(/tfjs engine only/);
    expect(bad({ window: 5 })).toThrow(/classifier has no option "window"/);
    expect(() => resolveTrainConfig({ dataset: 'd', model: 'sgns', encoder: 'gru' })).toThrow(/no option "encoder"/);
  });
});

describe('a classifier run and its predictions', () => {
  it('trains in its own process, keeps predictions out of the explorable tables, and writes them as CSV', async () => {
    const csv = join(tmp.dir, 'planted.csv');
    writeTextTaskCsv(csv, generateTextTask({ kind: 'planted', documents: 300, seed: 2 }));
    const dbPath = join(tmp.dir, 'p.db');
    const db = openDb(dbPath);
    await importDataset(db, { path: csv, mapping: { text: 'text', label: 'label' } });
    db.close();
    const services = headlessServices(dbPath, () => undefined);
    try {
      const result = await services.train({ dataset: 'planted', model: 'classifier', maxLen: 30, epochs: 3, lr: 0.02 })
        .settled;
      expect(result).toMatchObject({ model: 'classifier', engine: 'tfjs' });
      expect(result.baselines.majority!.test.auc).toBe(0.5);
      const ro = openDb(dbPath, { readonly: true });
      try {
        expect(getRun(ro, result.runId).tables.map((t) => t.name)).toEqual(['words']);
        const test = readPredictions(ro, result.runId, 'test');
        expect(test.classes.sort()).toEqual(['neg', 'pos']);
        expect(test.rows).toHaveLength(30);
        for (const r of test.rows) {
          expect(r.split).toBe('test');
          expect(r.probabilities[0]! + r.probabilities[1]!).toBeCloseTo(1, 5);
          expect(r.predicted).toBe(test.classes[r.probabilities[1]! >= 0.5 ? 1 : 0]);
        }
        const correct = test.rows.filter((r) => r.predicted === r.label).length / test.rows.length;
        expect(correct).toBeCloseTo(result.metrics.test.accuracy!, 10);
        expect(readPredictions(ro, result.runId, 'all').rows).toHaveLength(300);
        const out = join(tmp.dir, 'preds.csv');
        await writePredictionsCsv(out, test);
        const lines = readFileSync(out, 'utf8').trim().split('\n');
        expect(lines[0]).toBe(`seq,key,split,label,predicted,p_${test.classes[0]},p_${test.classes[1]}`);
        expect(lines).toHaveLength(31);
        expect(() => readPredictions(ro, 999)).toThrow(/no run 999/);
      } finally {
        ro.close();
      }
    } finally {
      services.close();
    }
  });

  it('says what to do when the dataset has no labels', async () => {
    const csv = join(tmp.dir, 'unlabelled.csv');
    writeTextTaskCsv(csv, generateTextTask({ kind: 'planted', documents: 20 }));
    const db = openDb(join(tmp.dir, 'u.db'));
    const r = await importDataset(db, { path: csv, mapping: { text: 'text' } });
    expect(() => loadLabelledSequences(db, r.datasetId)).toThrow(/no labels.*label/);
    db.close();
  });
});
