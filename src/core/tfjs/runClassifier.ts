// A `classifier` run on TensorFlow.js: labelled sequences padded to maxLen → the model of classifierModel.ts,
// trained with Adam on shuffled mini-batches; per epoch loss, accuracy (and AUC with two labels) on every split;
// early stopping on validation loss keeping the best epoch's weights; the embedding table and every sequence's
// predicted probabilities returned as tables.
import type { SplitMetrics, SplitName, TrainConfig } from '../../shared';
import { WorkbenchError } from '../../shared';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { classificationMetrics, priorProbabilities, type Probabilities } from '../eval/classification';
import { createRng, shuffle } from '../random';
import type { LabelledSequences } from '../store/datasets';
import { eta, SPLIT_NAMES, type RunHooks, type TrainOutput } from '../train/runHooks';
import { loadTfjs, type BackendName, type Tf, type TfjsRuntime } from './backend';
import { buildClassifier, type ClassifierSpec } from './classifierModel';
import { completeInitialTable, type InitialRows } from '../train/initialRows';
import { padSequences } from './padSequences';

/** The table of predictions: one row per sequence of the dataset (in `seq` order), role `sequence`. */
export const PREDICTIONS_TABLE = 'predictions';
export const PREDICTIONS_ROLE = 'sequence';
/** Train metrics are computed on a fixed sample of at most this many training sequences (speed). */
const TRAIN_EVAL_MAX = 10_000;
const PREDICT_BATCH = 512;
const PROGRESS_MS = 1000;

export interface ClassifierOutput extends TrainOutput {
  backend: BackendName;
  reasons: string[];
}

/** The classifier's options from a resolved config (defaults filled by resolveTrainConfig). */
function specOf(config: TrainConfig, data: LabelledSequences): ClassifierSpec {
  return {
    vocabSize: data.rows,
    dim: config.dim,
    maxLen: config.maxLen ?? 100,
    classes: data.classes.length,
    encoder: config.encoder ?? 'average',
    units: config.units ?? 32,
    filters: config.filters ?? 64,
    kernelSize: config.kernelSize ?? 5,
    hidden: config.hidden ?? [16],
    dropout: config.dropout ?? 0,
    seed: config.seed,
  };
}

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

function finiteAll(p: Probabilities): boolean {
  for (const v of p.values) if (!Number.isFinite(v)) return false;
  return true;
}

const asSplit = (m: ReturnType<typeof classificationMetrics>): SplitMetrics => {
  const out: SplitMetrics = { loss: m.loss, accuracy: m.accuracy };
  if (m.auc !== undefined && Number.isFinite(m.auc)) out.auc = m.auc;
  return out;
};

export async function runClassifier(
  config: TrainConfig,
  data: LabelledSequences,
  hooks: RunHooks,
  runtime?: TfjsRuntime,
  /** Pre-trained rows of the embedding (config.init); the other rows get Keras' uniform ±0.05. */
  init?: InitialRows,
): Promise<ClassifierOutput> {
  const started = performance.now();
  const { tf, layers, backend, reasons } = runtime ?? (await loadTfjs());
  const spec: ClassifierSpec = init
    ? {
        ...specOf(config, data),
        embeddings: completeInitialTable(init, data.rows, config.dim, { uniform: 0.05 }, config.seed),
        trainEmbeddings: init.trainable,
      }
    : specOf(config, data);
  const { maxLen, classes } = spec;
  const pad = { maxLen, padding: config.padding ?? 'pre', truncating: config.truncating ?? 'pre' };
  const rng = createRng(config.seed);

  // Labelled sequences of each split; unlabelled ones are only predicted.
  const picked: Record<SplitName, number[]> = { train: [], valid: [], test: [] };
  for (let s = 0; s < data.labels.length; s++) if (data.labels[s]! >= 0) picked[SPLIT_NAMES[data.splits[s]!]!]!.push(s);
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
  const baseline = {} as Record<SplitName, SplitMetrics>;
  for (const split of SPLIT_NAMES) {
    const set = evalSets[split];
    baseline[split] = set.labels.length
      ? asSplit(classificationMetrics(priorProbabilities(train.labels, classes, set.labels.length), set.labels))
      : {};
  }

  const model = buildClassifier(tf, layers, spec, config.lr);
  try {
    const n = train.seqs.length;
    const batchSize = Math.min(config.batchSize ?? 32, n);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const xb = new Int32Array(batchSize * maxLen);
    const yb = new Float32Array(batchSize);
    const monitor: SplitName = evalSets.valid.labels.length > 0 ? 'valid' : 'train';
    const history: Record<SplitName, SplitMetrics>[] = [];
    let best = { epoch: 0, loss: Infinity, weights: [] as Float32Array[] };
    let trainedSeconds = 0;
    let trainedExamples = 0;
    let lastProgress = performance.now();

    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const epochStart = performance.now();
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
        if (!Number.isFinite(loss))
          throw new WorkbenchError(
            'TrainingDiverged',
            `the loss became ${loss} in epoch ${epoch} (batch ${Math.floor(from / batchSize) + 1}); ` +
              `lower the learning rate (lr ${config.lr}) or the embedding dim, and train again`,
          );
        lossSum += loss * size;
        const now = performance.now();
        if (now - lastProgress >= PROGRESS_MS) {
          lastProgress = now;
          const done = from + size;
          const perSecond = (trainedExamples + done) / (trainedSeconds + (now - epochStart) / 1000);
          hooks.onProgress?.({
            epoch,
            fraction: done / n,
            examplesPerSecond: perSecond,
            etaSeconds: eta((epoch - 1) * n + done, n * config.epochs, perSecond),
          });
        }
      }
      const trainSeconds = (performance.now() - epochStart) / 1000;
      trainedSeconds += trainSeconds;
      trainedExamples += n;

      const metrics = {} as Record<SplitName, SplitMetrics>;
      for (const split of SPLIT_NAMES) {
        const set = evalSets[split];
        if (set.labels.length === 0) {
          metrics[split] = {};
          continue;
        }
        const p = predictProbabilities(tf, model, set.ids, maxLen, classes);
        if (!finiteAll(p))
          throw new WorkbenchError(
            'TrainingDiverged',
            `the model predicted NaN after epoch ${epoch}; lower the learning rate (lr ${config.lr}) and train again`,
          );
        metrics[split] = asSplit(classificationMetrics(p, set.labels));
      }
      history.push(metrics);
      hooks.onEpoch?.(
        {
          epoch,
          loss: lossSum / n,
          train: metrics.train,
          valid: metrics.valid,
          test: metrics.test,
          seconds: (performance.now() - epochStart) / 1000,
          lr: config.lr,
        },
        n / trainSeconds,
      );
      const score = metrics[monitor].loss!;
      if (score < best.loss)
        best = { epoch, loss: score, weights: model.getWeights().map((w) => w.dataSync().slice() as Float32Array) };
      hooks.onCheckpoint?.(epoch, [embeddingTable(model, data, spec)]);
      if (config.patience > 0 && epoch - best.epoch >= config.patience) break;
    }

    // Back to the best epoch's weights (the ones reported, stored and predicted with).
    if (best.epoch !== history.length) {
      const shapes = model.getWeights().map((w) => w.shape);
      const tensors = best.weights.map((v, i) => tf.tensor(v, shapes[i]));
      model.setWeights(tensors);
      tensors.forEach((t) => t.dispose());
    }
    const all = padSequences(data, pad);
    const predictions = predictProbabilities(tf, model, all, maxLen, classes);
    return {
      backend,
      reasons,
      outcome: {
        model: 'classifier',
        metrics: history[best.epoch - 1]!,
        baselines: { majority: baseline },
        bestEpoch: best.epoch,
        epochs: history.length,
        seconds: (performance.now() - started) / 1000,
      },
      tables: [
        embeddingTable(model, data, spec),
        {
          name: PREDICTIONS_TABLE,
          role: PREDICTIONS_ROLE,
          rows: data.labels.length,
          dim: classes === 2 ? 1 : classes,
          data: predictions.values,
          bias: null,
        },
      ],
    };
  } finally {
    const optimizer = model.optimizer;
    model.dispose();
    optimizer?.dispose();
  }
}

/** The trained Embedding as a table named after the sequences' role (`words`, `items`, `events`). */
function embeddingTable(model: LayersModel, data: LabelledSequences, spec: ClassifierSpec): TrainOutput['tables'][0] {
  const weights = model.getLayer('embedding').getWeights()[0]!;
  return {
    name: `${data.role}s`,
    role: data.role,
    rows: spec.vocabSize,
    dim: spec.dim,
    data: weights.dataSync().slice() as Float32Array,
    bias: null,
  };
}
