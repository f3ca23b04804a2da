// The classifier per encoder against the majority-class baseline, with training throughput: on the online-retail
// repurchase task (../shared/data/online-retail.csv.gz, derived by src/core/tasks/retailRepurchase.ts and
// imported through the real importer) and on the generated word-order text task. Not part of CI; check that the
// machine is idle (`vmstat 1 3`) before quoting samples/s.
// Usage: node --import tsx bench/classifier.ts [--task retail|order|both] [--encoders average,flatten,gru,lstm,conv1d]
//        [--epochs 8] [--dim 16] [--max-len 60] [--backend cpu|wasm] [--first 2]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BackendName, ClassifierEncoder, SplitMetrics } from '../src/shared';
import { CLASSIFIER_ENCODERS } from '../src/shared';
import { resolveTrainConfig } from '../src/core/config';
import { importDataset } from '../src/core/ingest/importDataset';
import { loadLabelledSequences, type LabelledSequences } from '../src/core/store/datasets';
import { openDb } from '../src/core/store/db';
import { deriveRepurchaseTask, writeRepurchaseCsv } from '../src/core/tasks/retailRepurchase';
import { generateTextTask, writeTextTaskCsv } from '../src/core/tasks/textTask';
import { loadTfjs } from '../src/core/tfjs/backend';
import { labelledData, trainOn } from '../src/core/train/testTraining';

const { values } = parseArgs({
  options: {
    task: { type: 'string' },
    encoders: { type: 'string' },
    epochs: { type: 'string' },
    dim: { type: 'string' },
    'max-len': { type: 'string' },
    backend: { type: 'string' },
    first: { type: 'string' },
    data: { type: 'string' },
  },
});
const task = values.task ?? 'both';
const encoders = (values.encoders ?? CLASSIFIER_ENCODERS.join(',')).split(',') as ClassifierEncoder[];
const epochs = Number(values.epochs ?? 8);
const dim = Number(values.dim ?? 16);
const backend = (values.backend ?? 'cpu') as BackendName;
const RETAIL = values.data ?? join(import.meta.dirname, '../../shared/data/online-retail.csv.gz');
const tmp = mkdtempSync(join(tmpdir(), 'ewb-bench-classifier-'));

async function importCsv(path: string, mapping: Record<string, string>, minCount = 1): Promise<LabelledSequences> {
  const db = openDb(join(tmp, `${Date.now()}.db`));
  const r = await importDataset(db, { path, mapping, vocab: { item: { minCount } } });
  const data = loadLabelledSequences(db, r.datasetId);
  db.close();
  return data;
}

const f = (x: number | undefined): string => (x === undefined ? '  –  ' : x.toFixed(3));
const line = (name: string, m: SplitMetrics, extra = ''): string =>
  `${name.padEnd(10)} test AUC ${f(m.auc)}  accuracy ${f(m.accuracy)}  loss ${f(m.loss)}${extra}`;

async function bench(name: string, data: LabelledSequences, maxLen: number, lr: number): Promise<void> {
  const n = data.labels.length;
  console.log(`\n${name}: ${n} sequences, ${data.rows - 2} tokens in the vocabulary, labels ${data.classes.join('/')}`);
  let baselineShown = false;
  for (const encoder of encoders) {
    const rt = await loadTfjs({ only: backend });
    const config = resolveTrainConfig({
      dataset: name,
      model: 'classifier',
      encoder,
      dim,
      maxLen,
      epochs,
      lr,
      patience: 3,
      threads: 1,
    });
    const rates: number[] = [];
    const started = performance.now();
    const out = await trainOn(config, labelledData(data), {
      runtime: rt,
      onEpoch: (_, perSecond) => rates.push(perSecond),
    });
    const seconds = (performance.now() - started) / 1000;
    if (!baselineShown) {
      console.log(line('majority', out.outcome.baselines.majority!.test));
      baselineShown = true;
    }
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    console.log(
      line(
        encoder,
        out.outcome.metrics.test,
        `  best epoch ${out.outcome.bestEpoch}/${out.outcome.epochs}  ${Math.round(mean)} samples/s on ${rt.backend}  (${seconds.toFixed(0)} s)`,
      ),
    );
  }
}

try {
  if (task === 'order' || task === 'both') {
    const path = join(tmp, 'order.csv');
    writeTextTaskCsv(path, generateTextTask({ kind: 'order', documents: 3000, seed: 9, minLength: 6, maxLength: 20 }));
    await bench('order (generated text)', await importCsv(path, { text: 'text', label: 'label' }), 24, 0.01);
  }
  if (task === 'retail' || task === 'both') {
    const derived = await deriveRepurchaseTask(RETAIL, { firstInvoices: Number(values.first ?? 2) });
    const path = join(tmp, 'retail.csv');
    writeRepurchaseCsv(path, derived.examples);
    const data = await importCsv(path, { session: 'customer', item: 'item', timestamp: 'time', label: 'label' }, 5);
    await bench('online-retail repurchase in 30 days', data, Number(values['max-len'] ?? 60), 0.002);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
