// The `classifier` model on TensorFlow.js: labelled sequences padded to maxLen → the model of classifierModel.ts,
// trained with Adam on shuffled mini-batches; per epoch loss, accuracy (and AUC with two labels) on every split;
// the best epoch by validation loss (the run loop's patience stops early); the embedding table, every
// sequence's predicted probabilities and the other layers' weights returned as tables.
import type { SplitMetrics, SplitName, TableTransfer } from '../../shared';
import { SPLITS, WorkbenchError } from '../../shared';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { classificationMetrics, priorProbabilities, type Probabilities } from '../eval/classification';
import { createRng, shuffle } from '../random';
import { completeInitialTable } from '../train/initialRows';
import { countIds } from '../train/support';
import type { LabelledData, ModelInput } from '../train/input';
import type { ModelRun, SplitScores } from '../train/loop';
import type { Tf, TfjsRuntime } from './backend';
import { buildClassifier, specOf, type ClassifierSpec } from './classifierModel';
import { padSequences } from './padSequences';
import { weightTables } from './classifierWeights';

/** The table of predictions: one row per sequence of the dataset (in `seq` order), role `sequence`. */
export const PREDICTIONS_TABLE = 'predictions';
export const PREDICTIONS_ROLE = 'sequence';
/** Train metrics are computed on a fixed sample of at most this many training sequences (speed). */
const TRAIN_EVAL_MAX = 10_000;
const PREDICT_BATCH = 512;

/** Padded ids (n × maxLen) and classes of some sequences. */
interface Examples {
  seqs: Int32Array;
  ids: Int32Array;
  labels: Int32Array;
}

/** Class probabilities of padded sequences, predicted in batches (no tensor outlives a batch). */
export function predictProbabilities(
  tf: Tf,
  model: LayersModel,
  ids: Int32Array,
  maxLen: number,
  classes: number,
): Probabilities {
  const n = ids.length / maxLen;
  const width = classes === 2 ? 1 : classes;
  const values = new Float32Array(n * width);
  for (let from = 0; from < n; from += PREDICT_BATCH) {
    const to = Math.min(n, from + PREDICT_BATCH);
    const out = tf.tidy(() => {
      const x = tf.tensor2d(ids.subarray(from * maxLen, to * maxLen), [to - from, maxLen], 'int32');
      return (model.predict(x) as ReturnType<Tf['tensor']>).dataSync();
    });
    values.set(out as Float32Array, from * width);
  }
  return { classes, values };
}

const asSplit = (m: ReturnType<typeof classificationMetrics>): SplitMetrics => {
  const out: SplitMetrics = { loss: m.loss, accuracy: m.accuracy };
  if (m.auc !== undefined && Number.isFinite(m.auc)) out.auc = m.auc;
  return out;
};

/** The weights after an epoch (to go back to the best one) and the embedding as a table. */
interface Snapshot {
  weights: Float32Array[];
  embedding: TableTransfer;
}

export function classifierOnTfjs(input: ModelInput<'classifier', LabelledData>, rt: TfjsRuntime): ModelRun<Snapshot> {
  const { tf, layers } = rt;
  const { config } = input;
  const data = input.data.columns;
  const init = input.initial[`${data.role}s`];
  const spec: ClassifierSpec = init
    ? {
        ...specOf(config, data),
        // Pre-trained rows; the other rows get Keras' uniform ±0.05.
        embeddings: completeInitialTable(init, data.rows, config.dim, { uniform: 0.05 }, config.seed),
        trainEmbeddings: init.trainable,
      }
    : specOf(config, data);
  const { maxLen, classes } = spec;
  const pad = { maxLen, padding: config.padding, truncating: config.truncating };
  const rng = createRng(config.seed);

  // Labelled sequences of each split; unlabelled ones are only predicted.
  const picked: Record<SplitName, number[]> = { train: [], valid: [], test: [] };
  for (let s = 0; s < data.labels.length; s++) if (data.labels[s]! >= 0) picked[SPLITS[data.splits[s]!]!].push(s);
  if (picked.train.length === 0)
    throw new WorkbenchError(
      'DatasetInvalid',
      'the dataset has no labelled training sequences; import it with a split that leaves sequences in train',
    );
  const examples = (seqs: Int32Array): Examples => ({
    seqs,
    ids: padSequences(data, pad, seqs),
    labels: Int32Array.from(seqs, (s) => data.labels[s]!),
  });
  const train = examples(Int32Array.from(picked.train));
  const evalTrain =
    train.seqs.length <= TRAIN_EVAL_MAX
      ? train
      : (() => {
          const sample = Int32Array.from(train.seqs);
          shuffle(sample, createRng(config.seed ^ 0x5eed));
          return examples(sample.subarray(0, TRAIN_EVAL_MAX).sort());
        })();
  const evalSets: Record<SplitName, Examples> = {
    train: evalTrain,
    valid: examples(Int32Array.from(picked.valid)),
    test: examples(Int32Array.from(picked.test)),
  };
  // The majority-class baseline: the training class frequencies as every sequence's probabilities.
  const majority = {} as SplitScores;
  for (const split of SPLITS) {
    const set = evalSets[split];
    majority[split] = set.labels.length
      ? asSplit(classificationMetrics(priorProbabilities(train.labels, classes, set.labels.length), set.labels))
      : {};
  }

  const model = buildClassifier(tf, layers, spec, config.lr);
  const n = train.seqs.length;
  const batchSize = Math.min(config.batchSize, n);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  // Training support of the embedding's rows: their tokens in the padded training sequences (PAD not counted).
  const counts = countIds(train.ids, spec.vocabSize);
  counts[0] = 0;
  const xb = new Int32Array(batchSize * maxLen);
  const yb = new Float32Array(batchSize);
  const embedding = (): TableTransfer => {
    const weights = model.getLayer('embedding').getWeights()[0]!;
    return {
      name: `${data.role}s`,
      role: data.role,
      rows: spec.vocabSize,
      dim: spec.dim,
      data: weights.dataSync().slice() as Float32Array,
      bias: null,
      counts,
    };
  };
  return {
    examplesPerEpoch: n,
    selection: { split: evalSets.valid.labels.length > 0 ? 'valid' : 'train', metric: 'loss', better: 'lower' },
    baselines: { majority },
    async epoch(_epoch, progress) {
      shuffle(order, rng);
      let lossSum = 0;
      for (let from = 0; from < n; from += batchSize) {
        const size = Math.min(batchSize, n - from);
        for (let i = 0; i < size; i++) {
          const r = order[from + i]!;
          xb.set(train.ids.subarray(r * maxLen, (r + 1) * maxLen), i * maxLen);
          yb[i] = train.labels[r]!;
        }
        const x = tf.tensor2d(xb.subarray(0, size * maxLen), [size, maxLen], 'int32');
        const y = tf.tensor2d(yb.subarray(0, size), [size, 1], 'float32');
        let loss: number;
        try {
          const out = await model.trainOnBatch(x, y);
          loss = Array.isArray(out) ? out[0]! : out;
        } finally {
          x.dispose();
          y.dispose();
        }
        if (!Number.isFinite(loss)) return { loss };
        lossSum += loss * size;
        progress(from + size);
      }
      return { loss: lossSum / n, lr: config.lr };
    },
    evaluate() {
      const metrics = {} as SplitScores;
      for (const split of SPLITS) {
        const set = evalSets[split];
        metrics[split] = set.labels.length
          ? asSplit(classificationMetrics(predictProbabilities(tf, model, set.ids, maxLen, classes), set.labels))
          : {};
      }
      return metrics;
    },
    snapshot: () => ({
      weights: model.getWeights().map((w) => w.dataSync().slice() as Float32Array),
      embedding: embedding(),
    }),
    tables: (s) => [s.embedding],
    async finish(best) {
      // Back to the best epoch's weights (the ones reported, stored and predicted with).
      const shapes = model.getWeights().map((w) => w.shape);
      const tensors = best.weights.map((v, i) => tf.tensor(v, shapes[i]));
      model.setWeights(tensors);
      tensors.forEach((t) => t.dispose());
      const predictions = predictProbabilities(tf, model, padSequences(data, pad), maxLen, classes);
      return {
        tables: [
          best.embedding,
          {
            name: PREDICTIONS_TABLE,
            role: PREDICTIONS_ROLE,
            rows: data.labels.length,
            dim: classes === 2 ? 1 : classes,
            data: predictions.values,
            bias: null,
          },
          // The layers too, so that the run can predict new files (batch:predict).
          ...weightTables(model, best.weights),
        ],
      };
    },
    close: async () => {
      const optimizer = model.optimizer;
      model.dispose();
      optimizer?.dispose();
    },
  };
}
