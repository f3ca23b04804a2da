// The `classifier` model on TensorFlow.js layers: token ids (padded to maxLen, 0 = PAD) → Embedding with
// maskZero → an encoder → Dense hidden layers → sigmoid (2 classes) or softmax (more).
//
// tfjs-layers passes the Embedding's mask only to layers that support masking (GRU, LSTM); its
// GlobalAveragePooling1D ignores a mask and Flatten/Conv1D refuse one. So the encoders that need it get small
// mask-aware layers of our own: a masked average (Keras' GlobalAveragePooling1D with a mask), a layer that
// zeroes padded steps and consumes the mask (before Flatten and Conv1D), and a global max over real steps only
// (after Conv1D with `same` padding). With them every encoder gives the same output whatever the PAD row holds,
// and average, GRU, LSTM and Conv1D give the same output for `pre` and `post` padding.
import type { LayersModel, Shape, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { Rank, Tensor } from '@tensorflow/tfjs-core';
import type { ClassifierConfig, ClassifierEncoder } from '../../shared';
import { CLASSIFIER_ENCODERS } from '../../shared';
import { createRng, gaussian } from '../random';
import type { Layers, Tf } from './backend';

export type Encoder = ClassifierEncoder;
export const ENCODERS = CLASSIFIER_ENCODERS;

export interface ClassifierSpec {
  /** Embedding rows: the vocabulary size including PAD (0) and OOV (1). */
  vocabSize: number;
  dim: number;
  maxLen: number;
  /** Number of classes (≥ 2): 2 → one sigmoid unit, more → softmax. */
  classes: number;
  encoder: Encoder;
  /** gru/lstm: state size. */
  units: number;
  /** conv1d: filters and kernel width. */
  filters: number;
  kernelSize: number;
  /** Sizes of the ReLU Dense layers between encoder and output (may be empty). */
  hidden: readonly number[];
  /** Dropout rate after the encoder and after each hidden layer (0: none). */
  dropout: number;
  seed: number;
  /** Initial embedding table (vocabSize × dim), e.g. pre-trained vectors; default Keras' uniform ±0.05. */
  embeddings?: Float32Array;
  /** false: the embedding is frozen (Keras `trainable: false`). */
  trainEmbeddings?: boolean;
}

/** The classifier's model spec from a resolved config, its vocabulary size (rows) and labels. */
export function specOf(config: ClassifierConfig, data: { rows: number; classes: readonly string[] }): ClassifierSpec {
  return {
    vocabSize: data.rows,
    dim: config.dim,
    maxLen: config.maxLen,
    classes: data.classes.length,
    encoder: config.encoder,
    units: config.units,
    filters: config.filters,
    kernelSize: config.kernelSize,
    hidden: config.hidden,
    dropout: config.dropout,
    seed: config.seed,
  };
}

type Kw = { mask?: Tensor | null };
const one = (x: Tensor | Tensor[]): Tensor => (Array.isArray(x) ? x[0]! : x);

/** Our mask-aware layers, built on the given tfjs (their classes must extend that module's Layer). */
function maskLayers(tf: Tf, layers: Layers) {
  const Base = layers.layers.Layer;

  /** GlobalAveragePooling1D over real steps only: Σ mask·x / Σ mask (0 for an all-PAD sequence). */
  class MaskedAverage extends Base {
    static className = 'EwbMaskedAverage';
    constructor(args: { name?: string }) {
      super(args);
      this.supportsMasking = true;
    }
    override computeOutputShape(s: Shape | Shape[]): Shape {
      const shape = s as Shape;
      return [shape[0]!, shape[2]!];
    }
    override call(inputs: Tensor | Tensor[], kwargs: Kw): Tensor {
      return tf.tidy(() => {
        const x = one(inputs);
        if (!kwargs.mask) return tf.mean(x, 1);
        const m = tf.expandDims(tf.cast(kwargs.mask, 'float32'), 2);
        const sum = tf.sum(tf.mul(x, m), 1);
        const count = tf.maximum(tf.sum(m, 1), 1);
        return tf.div(sum, count);
      });
    }
    // The mask ends here (tfjs's own layers return null the same way; its type says Tensor).
    override computeMask(): Tensor {
      return null as unknown as Tensor;
    }
  }

  /** Multiplies padded steps by 0 and ends the mask (for layers that refuse one: Flatten, Conv1D). */
  class ZeroMasked extends Base {
    static className = 'EwbZeroMasked';
    constructor(args: { name?: string }) {
      super(args);
      this.supportsMasking = true;
    }
    override computeOutputShape(s: Shape | Shape[]): Shape {
      return s as Shape;
    }
    override call(inputs: Tensor | Tensor[], kwargs: Kw): Tensor {
      return tf.tidy(() => {
        const x = one(inputs);
        if (!kwargs.mask) return tf.clone(x);
        return tf.mul(x, tf.expandDims(tf.cast(kwargs.mask, 'float32'), 2));
      });
    }
    // The mask ends here (tfjs's own layers return null the same way; its type says Tensor).
    override computeMask(): Tensor {
      return null as unknown as Tensor;
    }
  }

  /** GlobalMaxPooling1D over real steps only; inputs [features (b, T, f), ids (b, T)]; 0 for an all-PAD row. */
  class MaskedMax extends Base {
    static className = 'EwbMaskedMax';
    override computeOutputShape(s: Shape | Shape[]): Shape {
      const shape = (s as Shape[])[0]!;
      return [shape[0]!, shape[2]!];
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const [x, ids] = inputs as Tensor[];
        const m = tf.expandDims(tf.cast(tf.notEqual(ids!, 0), 'float32'), 2);
        const max = tf.max(tf.add(x!, tf.mul(tf.sub(m, 1), 1e9)), 1);
        return tf.mul(max, tf.max(m, 1));
      });
    }
  }
  /**
   * The windows of a `same` Conv1D side by side: (b, T, d) → (b, T, kernelSize·d), step t holding steps
   * t − left … t + right (zeros beyond the ends; left = ⌊(kernelSize − 1)/2⌋ as TensorFlow pads). A Dense layer on
   * it is exactly Conv1D with its kernel (kernelSize, d, filters) flattened; built from pad, slice and concat,
   * whose gradients every backend has (wasm lacks Conv1D's, and cpu's is ~10× slower than a matmul).
   */
  class Unfold1D extends Base {
    static className = 'EwbUnfold1D';
    private readonly kernelSize: number;
    constructor(args: { name?: string; kernelSize: number }) {
      super(args);
      this.kernelSize = args.kernelSize;
    }
    override computeOutputShape(s: Shape | Shape[]): Shape {
      const shape = s as Shape;
      return [shape[0]!, shape[1]!, shape[2]! * this.kernelSize];
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const x = one(inputs) as Tensor<Rank.R3>;
        const k = this.kernelSize;
        if (k === 1) return tf.clone(x);
        const left = Math.floor((k - 1) / 2);
        const padded = tf.pad(x, [
          [0, 0],
          [left, k - 1 - left],
          [0, 0],
        ]);
        const steps = x.shape[1];
        const windows = Array.from({ length: k }, (_, i) => tf.slice(padded, [0, i, 0], [-1, steps, -1]));
        return tf.concat(windows, 2);
      });
    }
    override getConfig() {
      return { ...super.getConfig(), kernelSize: this.kernelSize };
    }
  }
  return { MaskedAverage, ZeroMasked, MaskedMax, Unfold1D };
}

/** The Keras-style model for a spec, compiled with Adam at `lr` and the matching cross-entropy. */
export function buildClassifier(tf: Tf, layers: Layers, spec: ClassifierSpec, lr = 1e-3): LayersModel {
  if (spec.classes < 2) throw new RangeError('a classifier needs at least 2 classes');
  const L = layers.layers;
  const init = layers.initializers;
  const { MaskedAverage, ZeroMasked, MaskedMax, Unfold1D } = maskLayers(tf, layers);
  let seed = spec.seed;
  const nextSeed = (): number => (seed = (seed * 1103515245 + 12345) % 2147483647);
  const glorot = () => init.glorotUniform({ seed: nextSeed() });

  const ids = layers.input({ shape: [spec.maxLen], dtype: 'int32', name: 'ids' });
  const embedding = L.embedding({
    name: 'embedding',
    inputDim: spec.vocabSize,
    outputDim: spec.dim,
    inputLength: spec.maxLen,
    maskZero: true,
    embeddingsInitializer: init.randomUniform({ minval: -0.05, maxval: 0.05, seed: nextSeed() }),
    trainable: spec.trainEmbeddings ?? true,
    weights: spec.embeddings ? [tf.tensor2d(spec.embeddings, [spec.vocabSize, spec.dim])] : undefined,
  });
  const embedded = embedding.apply(ids) as SymbolicTensor;
  let x: SymbolicTensor;
  let recurrent: ReturnType<typeof L.gru> | null = null;
  switch (spec.encoder) {
    case 'flatten':
      x = L.flatten().apply(new ZeroMasked({ name: 'zero_masked' }).apply(embedded)) as SymbolicTensor;
      break;
    case 'average':
      x = new MaskedAverage({ name: 'masked_average' }).apply(embedded) as SymbolicTensor;
      break;
    case 'gru':
    case 'lstm': {
      const args = {
        name: spec.encoder,
        units: spec.units,
        kernelInitializer: glorot(),
        // Replaced by an orthogonal matrix below, as Keras' default: tfjs's orthogonal initializer needs the
        // chained tensor methods, which the CommonJS build of tfjs-core does not register.
        recurrentInitializer: init.glorotUniform({ seed: nextSeed() }),
      };
      recurrent = spec.encoder === 'gru' ? L.gru(args) : L.lstm(args);
      x = recurrent.apply(embedded) as SymbolicTensor;
      break;
    }
    case 'conv1d': {
      const zeroed = new ZeroMasked({ name: 'zero_masked' }).apply(embedded) as SymbolicTensor;
      // Conv1D(filters, kernelSize, padding 'same', relu) as windows + Dense: the same function and weights.
      const windows = new Unfold1D({ name: 'conv1d_windows', kernelSize: spec.kernelSize }).apply(zeroed);
      const conv = L.dense({
        name: 'conv1d',
        units: spec.filters,
        activation: 'relu',
        kernelInitializer: glorot(),
      }).apply(windows) as SymbolicTensor;
      x = new MaskedMax({ name: 'masked_max' }).apply([conv, ids]) as SymbolicTensor;
      break;
    }
  }
  const dropout = (t: SymbolicTensor): SymbolicTensor =>
    spec.dropout > 0 ? (L.dropout({ rate: spec.dropout, seed: nextSeed() }).apply(t) as SymbolicTensor) : t;
  x = dropout(x);
  spec.hidden.forEach((units, i) => {
    x = dropout(
      L.dense({ name: `hidden${i + 1}`, units, activation: 'relu', kernelInitializer: glorot() }).apply(
        x,
      ) as SymbolicTensor,
    );
  });
  const binary = spec.classes === 2;
  const out = L.dense({
    name: 'output',
    units: binary ? 1 : spec.classes,
    activation: binary ? 'sigmoid' : 'softmax',
    kernelInitializer: glorot(),
  }).apply(x) as SymbolicTensor;
  const model = layers.model({ inputs: ids, outputs: out, name: 'classifier' });
  if (recurrent) {
    const kernel = recurrent.weights.find((w) => w.name.includes('recurrent_kernel'));
    if (kernel) {
      const [rows, cols] = kernel.shape as [number, number];
      const q = tf.tensor2d(orthogonalRows(rows, cols, createRng(nextSeed())), [rows, cols]);
      kernel.write(q);
      q.dispose();
    }
  }
  model.compile({
    optimizer: tf.train.adam(lr),
    loss: binary ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy',
  });
  return model;
}

/**
 * A rows × cols matrix (rows ≤ cols) with orthonormal rows from seeded Gaussian draws (Gram–Schmidt): what Keras'
 * `orthogonal` initializer gives a recurrent kernel (units × 3·units for GRU, 4·units for LSTM).
 */
export function orthogonalRows(rows: number, cols: number, rng: () => number): Float32Array {
  if (rows > cols) throw new RangeError('orthogonalRows needs rows ≤ cols');
  const m = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (;;) {
      for (let c = 0; c < cols; c++) m[r * cols + c] = gaussian(rng);
      for (let p = 0; p < r; p++) {
        let dot = 0;
        for (let c = 0; c < cols; c++) dot += m[r * cols + c]! * m[p * cols + c]!;
        for (let c = 0; c < cols; c++) m[r * cols + c]! -= dot * m[p * cols + c]!;
      }
      let norm = 0;
      for (let c = 0; c < cols; c++) norm += m[r * cols + c]! ** 2;
      norm = Math.sqrt(norm);
      if (norm < 1e-6) continue; // a draw (nearly) in the span of the rows before: draw again
      for (let c = 0; c < cols; c++) m[r * cols + c]! /= norm;
      break;
    }
  }
  return Float32Array.from(m);
}
