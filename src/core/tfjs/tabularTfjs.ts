// The `tabular` model on TensorFlow.js as a ModelRun for the one run loop: the prepared columns (tabularData.ts)
// → the functional model of tabularModel.ts, trained with Adam on shuffled mini-batches; per epoch the metrics of
// tabularMetrics.ts on every split; the best epoch by validation loss (the loop's patience stops early); every
// category column's (or group's) embedding returned as a table named after it.
import type { TableTransfer, TabularConfig } from '../../shared';
import { SPLITS } from '../../shared';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { createRng, shuffle } from '../random';
import { completeInitialTable, type InitialRows } from '../train/initialRows';
import type { ModelInput, TabularData } from '../train/input';
import type { ModelRun, SplitScores } from '../train/loop';
import { prepareTabular, type TabularPrepared } from '../train/tabularData';
import { outputsOf, tabularBaselines, tabularMetrics } from '../train/tabularMetrics';
import type { Tf, TfjsRuntime } from './backend';
import { buildTabularModel, tableLayerName } from './tabularModel';

/** Train metrics are computed on a fixed sample of at most this many training rows (speed). */
const TRAIN_EVAL_MAX = 20_000;
const PREDICT_BATCH = 4096;

/** A table's start: Keras' uniform ±0.05 (seeded), PAD and OOV rows zero, pre-trained rows where a source had them. */
function startTable(rows: number, dim: number, init: InitialRows | undefined, seed: number): Float32Array {
  const none: InitialRows = { data: new Float32Array(0), found: new Uint8Array(rows), trainable: true };
  return completeInitialTable(init ?? none, rows, dim, { uniform: 0.05 }, seed);
}

/** The model's input tensors for some rows: one [B, 1] int32 per category column, then [B, width] numbers. */
function inputsOf(tf: Tf, p: TabularPrepared, rows: Int32Array): Tensor[] {
  const xs: Tensor[] = p.inputs.map((input) =>
    tf.tensor2d(
      Int32Array.from(rows, (r) => input.ids[r]!),
      [rows.length, 1],
      'int32',
    ),
  );
  if (p.numericWidth > 0) {
    const w = p.numericWidth;
    const values = new Float32Array(rows.length * w);
    rows.forEach((r, i) => values.set(p.numeric.subarray(r * w, (r + 1) * w), i * w));
    xs.push(tf.tensor2d(values, [rows.length, w], 'float32'));
  }
  return xs;
}

/** Predictions for rows, in batches; regression outputs back on the target's scale. */
function predict(tf: Tf, model: LayersModel, p: TabularPrepared, rows: Int32Array, scale: Scale): Float32Array {
  const width = outputsOf(p);
  const out = new Float32Array(rows.length * width);
  for (let from = 0; from < rows.length; from += PREDICT_BATCH) {
    const batch = rows.subarray(from, Math.min(rows.length, from + PREDICT_BATCH));
    const values = tf.tidy(() => (model.predict(inputsOf(tf, p, batch)) as Tensor).dataSync() as Float32Array);
    out.set(values, from * width);
  }
  if (scale) for (let i = 0; i < out.length; i++) out[i] = out[i]! * scale.std + scale.mean;
  return out;
}

/** Regression trains on the standardised target (outputs start near its mean); null for classes. */
type Scale = { mean: number; std: number } | null;
function targetScale(p: TabularPrepared): Scale {
  if (p.objective !== 'mse' && p.objective !== 'mae') return null;
  let sum = 0;
  let sq = 0;
  for (const r of p.rows.train) {
    sum += p.targets[r]!;
    sq += p.targets[r]! ** 2;
  }
  const n = p.rows.train.length;
  const mean = sum / n;
  const std = Math.sqrt(Math.max(0, sq / n - mean * mean));
  return { mean, std: std > 0 ? std : 1 };
}

interface Snapshot {
  weights: Float32Array[];
  tables: TableTransfer[];
}

export function tabularOnTfjs(input: ModelInput<'tabular', TabularData>, rt: TfjsRuntime): ModelRun<Snapshot> {
  const { tf, layers } = rt;
  const config: TabularConfig = input.config;
  const p = prepareTabular(input.data.columns, config, input.initial);
  const scale = targetScale(p);
  const model = buildTabularModel(tf, layers, {
    tables: p.tables.map((t, i) => ({
      rows: t.rows,
      dim: t.dim,
      initial: startTable(t.rows, t.dim, input.initial[t.name], config.seed + i),
      trainable: input.initial[t.name]?.trainable ?? true,
    })),
    inputs: p.inputs.map((i) => i.table),
    numericWidth: p.numericWidth,
    hidden: config.hidden,
    dropout: config.dropout,
    outputs: outputsOf(p),
    objective: p.objective,
    lr: config.lr,
    seed: config.seed,
  });
  const rng = createRng(config.seed);
  const train = Int32Array.from(p.rows.train);
  const sample = Int32Array.from(train);
  shuffle(sample, createRng(config.seed ^ 0x5eed));
  const evalRows = { ...p.rows, train: sample.subarray(0, TRAIN_EVAL_MAX).sort() };
  const target = (r: number): number => (scale ? (p.targets[r]! - scale.mean) / scale.std : p.labels![r]!);
  const tables = (): TableTransfer[] =>
    p.tables.map((t, i) => ({
      name: t.name,
      role: t.role,
      rows: t.rows,
      dim: t.dim,
      data: model.getLayer(tableLayerName(i)).getWeights()[0]!.dataSync().slice() as Float32Array,
      bias: null,
    }));
  const batchSize = Math.min(config.batchSize, train.length);
  return {
    examplesPerEpoch: train.length,
    selection: { split: p.rows.valid.length > 0 ? 'valid' : 'train', metric: 'loss', better: 'lower' },
    baselines: tabularBaselines(p, evalRows),
    async epoch(_epoch, progress) {
      shuffle(train, rng);
      let lossSum = 0;
      for (let from = 0; from < train.length; from += batchSize) {
        const rows = train.subarray(from, Math.min(train.length, from + batchSize));
        const xs = inputsOf(tf, p, rows);
        const y = tf.tensor2d(Float32Array.from(rows, target), [rows.length, 1], 'float32');
        let loss: number;
        try {
          const out = await model.trainOnBatch(xs, y);
          loss = Array.isArray(out) ? out[0]! : out;
        } finally {
          xs.forEach((x) => x.dispose());
          y.dispose();
        }
        if (!Number.isFinite(loss)) return { loss };
        lossSum += loss * rows.length;
        progress(from + rows.length);
      }
      return { loss: lossSum / train.length, lr: config.lr };
    },
    evaluate() {
      const metrics = {} as SplitScores;
      for (const s of SPLITS) metrics[s] = tabularMetrics(p, predict(tf, model, p, evalRows[s], scale), evalRows[s]);
      return metrics;
    },
    snapshot: () => ({
      weights: model.getWeights().map((w) => w.dataSync().slice() as Float32Array),
      tables: tables(),
    }),
    tables: (s) => s.tables,
    async finish(best) {
      // Back to the best epoch's weights: the ones reported and stored.
      const shapes = model.getWeights().map((w) => w.shape);
      const tensors = best.weights.map((v, i) => tf.tensor(v, shapes[i]));
      model.setWeights(tensors);
      tensors.forEach((t) => t.dispose());
      return { tables: best.tables };
    },
    close: async () => {
      const optimizer = model.optimizer;
      model.dispose();
      optimizer?.dispose();
    },
  };
}
