// The `tabular` model on TensorFlow.js layers, in Keras' functional style with several inputs (Guo & Berkhahn,
// "Entity Embeddings of Categorical Variables", 2016): one int32 input per category column → its Embedding
// (columns of one group call the same layer, so they share its weights) → flattened; a float input of the
// standardised numeric columns and their missing indicators; all concatenated → dropout → ReLU Dense layers with
// dropout → linear (regression), sigmoid (two classes) or softmax (more), trained with Adam.
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Layers, Tf } from './backend';
import { embeddingLayer } from './models';

export interface TabularTableSpec {
  rows: number;
  dim: number;
  /** rows × dim to start from (PAD and OOV rows zero, pre-trained rows where a source had them). */
  initial: Float32Array;
  trainable: boolean;
}

export interface TabularSpec {
  tables: TabularTableSpec[];
  /** Per category input (in the order of the batch's tensors): the index of the table it looks up. */
  inputs: number[];
  /** Width of the numeric input (0: none). */
  numericWidth: number;
  hidden: readonly number[];
  dropout: number;
  /** 1 for regression and for two classes, the number of classes beyond two. */
  outputs: number;
  objective: 'binary' | 'multiclass' | 'mse' | 'mae';
  lr: number;
  seed: number;
}

/** The name of table t's Embedding layer (column names may hold anything; layer names may not). */
export const tableLayerName = (t: number): string => `table_${t}`;

const LOSSES = {
  binary: 'binaryCrossentropy',
  multiclass: 'sparseCategoricalCrossentropy',
  mse: 'meanSquaredError',
  mae: 'meanAbsoluteError',
} as const;

export function buildTabularModel(tf: Tf, layers: Layers, spec: TabularSpec): LayersModel {
  const L = layers.layers;
  let seed = spec.seed >>> 0 || 1;
  const nextSeed = (): number => (seed = (seed * 1103515245 + 12345) % 2147483647);
  const glorot = () => layers.initializers.glorotUniform({ seed: nextSeed() });
  const created: Tensor[] = [];
  try {
    const tables = spec.tables.map((t, i) =>
      embeddingLayer(tf, layers, {
        name: tableLayerName(i),
        rows: t.rows,
        dim: t.dim,
        initial: t.initial,
        trainable: t.trainable,
        initializer: 'zeros',
        created,
      }),
    );
    const inputs: SymbolicTensor[] = [];
    const parts: SymbolicTensor[] = spec.inputs.map((table, i) => {
      const input = layers.input({ shape: [1], dtype: 'int32', name: `category_${i}` });
      inputs.push(input);
      const embedded = tables[table]!.apply(input) as SymbolicTensor; // [B, 1, dim]
      return L.flatten({ name: `flat_${i}` }).apply(embedded) as SymbolicTensor;
    });
    if (spec.numericWidth > 0) {
      const numeric = layers.input({ shape: [spec.numericWidth], dtype: 'float32', name: 'numeric' });
      inputs.push(numeric);
      parts.push(numeric);
    }
    const dropout = (t: SymbolicTensor): SymbolicTensor =>
      spec.dropout > 0 ? (L.dropout({ rate: spec.dropout, seed: nextSeed() }).apply(t) as SymbolicTensor) : t;
    let x = dropout(
      parts.length === 1 ? parts[0]! : (L.concatenate({ name: 'inputs' }).apply(parts) as SymbolicTensor),
    );
    spec.hidden.forEach((units, i) => {
      const dense = L.dense({ name: `hidden${i + 1}`, units, activation: 'relu', kernelInitializer: glorot() });
      x = dropout(dense.apply(x) as SymbolicTensor);
    });
    const activation = spec.objective === 'binary' ? 'sigmoid' : spec.objective === 'multiclass' ? 'softmax' : 'linear';
    const out = L.dense({ name: 'output', units: spec.outputs, activation, kernelInitializer: glorot() }).apply(
      x,
    ) as SymbolicTensor;
    const model = layers.model({ inputs, outputs: out, name: 'tabular' });
    model.compile({ optimizer: tf.train.adam(spec.lr), loss: LOSSES[spec.objective] });
    return model;
  } finally {
    for (const t of created) t.dispose();
  }
}
