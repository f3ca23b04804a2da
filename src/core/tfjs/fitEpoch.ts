// One epoch of a Keras-style model on TensorFlow.js: `fitDataset` over the batches an epoch source makes, the
// learning rate set per batch where a schedule asks, progress passed to the run loop (which throttles it), and
// the epoch's mean loss per example — NaN as soon as a batch's loss is not finite (the loop says it diverged).
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { TrainConfig } from '../../shared';
import type { Tf } from './backend';

/** One batch as fitDataset takes it: inputs in the model's input order, and the targets. */
export interface Batch {
  xs: Tensor[];
  ys: Tensor;
}

/** Makes the batches of one epoch; `done` counts the examples (or words, for word2vec) consumed so far. */
export interface EpochSource {
  next(): Batch | null;
  done(): number;
}

export type Optimizer = ReturnType<Tf['train']['sgd']> | ReturnType<Tf['train']['adagrad']>;

/** SGD with its lr per example (the losses are sums over the batch), or Adagrad (implicit's default schedule). */
export function optimizerOf(tf: Tf, config: Extract<TrainConfig, { lr: number }>): Optimizer {
  return config.schedule === 'adagrad' ? tf.train.adagrad(config.lr) : tf.train.sgd(config.lr);
}

export interface FitEpoch {
  model: LayersModel;
  optimizer: Optimizer;
  source: EpochSource;
  perEpoch: number;
  /** Loss terms per example (word2vec: 1 + negative per pair): the epoch loss is per term, as on the CPU engine. */
  lossPerExample: number;
  /** Learning rate at a fraction of this epoch; absent keeps the optimizer's. */
  lrAt?: (fraction: number) => number;
  progress: (done: number) => void;
}

export async function fitEpoch(f: FitEpoch): Promise<number> {
  let lossSum = 0;
  let examples = 0;
  let finite = true;
  const sgd = 'setLearningRate' in f.optimizer ? f.optimizer : null;
  const dataset = {
    // Batches per epoch vary (word2vec); Infinity tells fitDataset not to count them.
    size: Infinity,
    iterator: async () => ({
      next: async (): Promise<IteratorResult<Batch>> => {
        const b = f.source.next();
        return b ? { value: b, done: false } : { value: null, done: true };
      },
    }),
  };
  await f.model.fitDataset(dataset as unknown as Parameters<LayersModel['fitDataset']>[0], {
    epochs: 1,
    verbose: 0,
    callbacks: {
      onBatchBegin: async () => {
        if (sgd && f.lrAt) sgd.setLearningRate(f.lrAt(f.source.done() / f.perEpoch));
      },
      onBatchEnd: async (_batch, logs) => {
        const loss = logs?.loss ?? NaN;
        if (!Number.isFinite(loss)) {
          finite = false;
          f.model.stopTraining = true;
          return;
        }
        lossSum += loss;
        examples += logs?.size ?? 0;
        f.progress(f.source.done());
      },
    },
  });
  return finite ? lossSum / Math.max(1, examples) / f.lossPerExample : NaN;
}
