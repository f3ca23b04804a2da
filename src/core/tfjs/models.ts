/**
 * Keras-style embedding models on the tfjs layers API, for the tfjs engine (runTfjs.ts):
 *
 * - `mf`: user and item `Embedding`s → `Dot` + user and item bias `Embedding`s (the global mean is taken out of
 *   the targets, so the model predicts r − μ), summed squared error;
 * - `implicit` (BPR): a user and a pair (positive item, sampled negative item); x_uij = (u·i + b_i) − (u·j + b_j)
 *   through a frozen difference `Dense`, sigmoid, binary cross-entropy against 1 (= −log σ(x_uij));
 * - `sgns`: the Keras skip-gram: a word input and a context input of 1 positive + `negative` sampled words,
 *   separate `words` and `words.context` tables, `Dot`, sigmoid, binary cross-entropy.
 *
 * Every table is an `Embedding` with `inputDim` = the vocabulary size including PAD (0) and OOV (1). Each
 * builder takes per-table `TableOptions` (initial weights, `trainable`), so that pre-trained vectors can start
 * a table and a table can be frozen. Losses are sums over the batch (not means): one example moves its rows
 * by `lr` × its own gradient, as on the CPU engine, whatever the batch size.
 */
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Layers, Tf } from './backend';

/** Options of one embedding table: pre-trained initial weights (rows × dim, row-major) and freezing. */
export interface TableOptions {
  initial?: Float32Array;
  /** false: Keras `trainable: false`, the table never changes during fit (default true). */
  trainable?: boolean;
}

export interface EmbeddingSpec extends TableOptions {
  name: string;
  /** Vocabulary size including PAD (0) and OOV (1). */
  rows: number;
  dim: number;
  /** Keras `mask_zero`: index 0 (PAD) is padding and masked downstream. Only for padded sequence inputs. */
  maskZero?: boolean;
  /** Used when `initial` is absent. */
  initializer: 'zeros' | { normal: number } | { uniform: number };
  /** Keras `l2` on the whole table (added to the loss once per batch); 0 or absent: none. */
  l2?: number;
  seed?: number;
  /** Tensors made for `initial` are pushed here, for the builder to dispose once the model holds copies. */
  created?: Tensor[];
}

/** A built model and its embedding tables by name, to read them back after training. */
export interface BuiltModel {
  model: LayersModel;
  /** Table name → the `Embedding` layer holding it (`users`, `items`, `users.bias`, `words.context` …). */
  tables: Record<string, ReturnType<Layers['layers']['embedding']>>;
  /** The loss function given to `compile`: per-batch sum of per-example losses. */
  loss: (yTrue: Tensor, yPred: Tensor) => Tensor;
}

/** `tf.layers.embedding` from a spec: shape checks on `initial`, initializer, regularizer, trainable. */
export function embeddingLayer(tf: Tf, layers: Layers, spec: EmbeddingSpec): ReturnType<Layers['layers']['embedding']> {
  const { name, rows, dim, initial } = spec;
  if (initial && initial.length !== rows * dim)
    throw new Error(`table ${name}: initial weights hold ${initial.length} values, expected ${rows} × ${dim}`);
  const init = spec.initializer;
  const embeddingsInitializer =
    init === 'zeros'
      ? layers.initializers.zeros()
      : 'normal' in init
        ? layers.initializers.randomNormal({ mean: 0, stddev: init.normal, seed: spec.seed })
        : layers.initializers.randomUniform({ minval: -init.uniform, maxval: init.uniform, seed: spec.seed });
  return layers.layers.embedding({
    name,
    inputDim: rows,
    outputDim: dim,
    maskZero: spec.maskZero ?? false,
    embeddingsInitializer,
    embeddingsRegularizer: spec.l2 ? layers.regularizers.l2({ l2: spec.l2 }) : undefined,
    trainable: spec.trainable ?? true,
    weights: initial ? [track(tf.tensor2d(initial, [rows, dim]), spec.created)] : undefined,
  });
}

function track(t: Tensor, created: Tensor[] | undefined): Tensor {
  created?.push(t);
  return t;
}

/** Builds with a list for the initial-weight tensors, disposed once the model exists (variables keep the data). */
function building<T>(f: (created: Tensor[]) => T): T {
  const created: Tensor[] = [];
  try {
    return f(created);
  } finally {
    for (const t of created) t.dispose();
  }
}

const idInput = (layers: Layers, name: string, length = 1): SymbolicTensor =>
  layers.input({ shape: [length], dtype: 'int32', name });

/** Σ ½(y − ŷ)² over the batch. */
export const sumSquaredError =
  (tf: Tf) =>
  (yTrue: Tensor, yPred: Tensor): Tensor =>
    tf.tidy(() => tf.mul(0.5, tf.sum(tf.squaredDifference(yTrue, yPred))));

/** Σ binary cross-entropy over every element, probabilities clipped to [ε, 1 − ε] as Keras does. */
export const sumBinaryCrossEntropy =
  (tf: Tf) =>
  (yTrue: Tensor, yPred: Tensor): Tensor =>
    tf.tidy(() => {
      const eps = 1e-7;
      const p = tf.clipByValue(yPred, eps, 1 - eps);
      const pos = tf.mul(yTrue, tf.log(p));
      const neg = tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, p)));
      return tf.neg(tf.sum(tf.add(pos, neg)));
    });

export interface MfSpec {
  numUsers: number;
  numItems: number;
  dim: number;
  /** Keras l2 of the factor tables and of the bias tables (see runTfjs.ts for how `reg` maps to it). */
  l2Users?: number;
  l2Items?: number;
  l2UserBias?: number;
  l2ItemBias?: number;
  seed?: number;
  users?: TableOptions;
  items?: TableOptions;
  userBias?: TableOptions;
  itemBias?: TableOptions;
}

type FactorSpec = Omit<MfSpec, 'l2UserBias' | 'userBias'>;

/** The tables mf and BPR share: user and item factors N(0, 0.1²) and item biases (zeros). */
function factorTables(tf: Tf, layers: Layers, s: FactorSpec, created: Tensor[]) {
  const seed = s.seed ?? 1;
  type More = Pick<EmbeddingSpec, 'initializer'> & Partial<EmbeddingSpec>;
  const table = (name: string, rows: number, dim: number, l2: number | undefined, more: More) =>
    embeddingLayer(tf, layers, { created, name, rows, dim, l2, ...more });
  return {
    users: table('users', s.numUsers, s.dim, s.l2Users, { initializer: { normal: 0.1 }, seed, ...s.users }),
    items: table('items', s.numItems, s.dim, s.l2Items, { initializer: { normal: 0.1 }, seed: seed + 1, ...s.items }),
    itemBias: table('items.bias', s.numItems, 1, s.l2ItemBias, { initializer: 'zeros', ...s.itemBias }),
  };
}

/** Inputs `user` [B, 1] and `item` [B, 1] (int32); output r̂ − μ [B, 1]. */
export function buildMf(tf: Tf, layers: Layers, s: MfSpec): BuiltModel {
  return building((created) => buildMfWith(tf, layers, s, created));
}
function buildMfWith(tf: Tf, layers: Layers, s: MfSpec, created: Tensor[]): BuiltModel {
  const L = layers.layers;
  const user = idInput(layers, 'user');
  const item = idInput(layers, 'item');
  const { users, items, itemBias } = factorTables(tf, layers, s, created);
  const userBias = embeddingLayer(tf, layers, {
    created,
    name: 'users.bias',
    rows: s.numUsers,
    dim: 1,
    initializer: 'zeros',
    l2: s.l2UserBias,
    ...s.userBias,
  });
  const flat = (t: SymbolicTensor, name: string): SymbolicTensor => L.flatten({ name }).apply(t) as SymbolicTensor;
  const u = flat(users.apply(user) as SymbolicTensor, 'user_vector');
  const i = flat(items.apply(item) as SymbolicTensor, 'item_vector');
  const dot = L.dot({ axes: -1, name: 'dot' }).apply([u, i]) as SymbolicTensor;
  const bu = flat(userBias.apply(user) as SymbolicTensor, 'user_bias');
  const bi = flat(itemBias.apply(item) as SymbolicTensor, 'item_bias');
  const out = L.add({ name: 'prediction' }).apply([dot, bu, bi]) as SymbolicTensor;
  const model = layers.model({ inputs: [user, item], outputs: out, name: 'mf' });
  return {
    model,
    tables: { users, items, 'users.bias': userBias, 'items.bias': itemBias },
    loss: sumSquaredError(tf),
  };
}

export interface BprSpec {
  numUsers: number;
  numItems: number;
  dim: number;
  l2Users?: number;
  l2Items?: number;
  l2ItemBias?: number;
  seed?: number;
  users?: TableOptions;
  items?: TableOptions;
  itemBias?: TableOptions;
}

/** Inputs `user` [B, 1] and `pair` [B, 2] = (positive, negative) item (int32); output σ(x_uij) [B, 1], trained against 1. */
export function buildBpr(tf: Tf, layers: Layers, s: BprSpec): BuiltModel {
  return building((created) => buildBprWith(tf, layers, s, created));
}
function buildBprWith(tf: Tf, layers: Layers, s: BprSpec, created: Tensor[]): BuiltModel {
  const L = layers.layers;
  const user = idInput(layers, 'user');
  const pair = idInput(layers, 'pair', 2);
  const { users, items, itemBias } = factorTables(tf, layers, s, created);
  // Each table is applied once (to [positive, negative] together): a layer applied twice is shared, and
  // LayersModel.dispose() then leaves its weights behind.
  const u = users.apply(user) as SymbolicTensor; // [B, 1, dim]
  const v = items.apply(pair) as SymbolicTensor; // [B, 2, dim]
  const dots = L.flatten().apply(L.dot({ axes: 2 }).apply([u, v])) as SymbolicTensor; // [B, 2]
  const bias = L.flatten().apply(itemBias.apply(pair)) as SymbolicTensor; // [B, 2]
  const scores = L.add({ name: 'scores' }).apply([dots, bias]) as SymbolicTensor;
  // x_uij = score(i) − score(j): tfjs has no Subtract layer, so a frozen Dense with kernel [1, −1].
  const difference = L.dense({
    units: 1,
    useBias: false,
    trainable: false,
    name: 'difference',
    weights: [track(tf.tensor2d([1, -1], [2, 1]), created)],
  }).apply(scores) as SymbolicTensor;
  const out = L.activation({ activation: 'sigmoid', name: 'probability' }).apply(difference) as SymbolicTensor;
  const model = layers.model({ inputs: [user, pair], outputs: out, name: 'bpr' });
  return { model, tables: { users, items, 'items.bias': itemBias }, loss: sumBinaryCrossEntropy(tf) };
}

export interface SgnsSpec {
  /** Vocabulary size including PAD and OOV. */
  rows: number;
  dim: number;
  negative: number;
  /** Table names (default `words` and `words.context`). */
  name?: string;
  seed?: number;
  input?: TableOptions;
  context?: TableOptions;
}

/**
 * Inputs `word` [B, 1] and `context` [B, 1 + negative] (the positive first); output σ(w · c) [B, 1 + negative],
 * trained against [1, 0, …, 0]. Input vectors start uniform in ±0.5/dim and context vectors at zero (word2vec).
 */
export function buildSgns(tf: Tf, layers: Layers, s: SgnsSpec): BuiltModel {
  return building((created) => buildSgnsWith(tf, layers, s, created));
}
function buildSgnsWith(tf: Tf, layers: Layers, s: SgnsSpec, created: Tensor[]): BuiltModel {
  const L = layers.layers;
  const name = s.name ?? 'words';
  const word = idInput(layers, 'word');
  const context = idInput(layers, 'context', 1 + s.negative);
  const input = embeddingLayer(tf, layers, {
    created,
    name,
    rows: s.rows,
    dim: s.dim,
    initializer: { uniform: 0.5 / s.dim },
    seed: s.seed,
    ...s.input,
  });
  const ctx = embeddingLayer(tf, layers, {
    created,
    name: `${name}.context`,
    rows: s.rows,
    dim: s.dim,
    initializer: 'zeros',
    ...s.context,
  });
  const w = input.apply(word) as SymbolicTensor; // [B, 1, dim]
  const c = ctx.apply(context) as SymbolicTensor; // [B, 1 + negative, dim]
  const dots = L.dot({ axes: 2, name: 'dot' }).apply([w, c]) as SymbolicTensor; // [B, 1, 1 + negative]
  const logits = L.flatten({ name: 'logits' }).apply(dots) as SymbolicTensor;
  const out = L.activation({ activation: 'sigmoid', name: 'probability' }).apply(logits) as SymbolicTensor;
  const model = layers.model({ inputs: [word, context], outputs: out, name: 'sgns' });
  return { model, tables: { [name]: input, [`${name}.context`]: ctx }, loss: sumBinaryCrossEntropy(tf) };
}

/** A copy of a table's current weights (rows × dim, row-major). */
export function readTable(layer: BuiltModel['tables'][string]): Float32Array {
  const [w] = layer.getWeights();
  if (!w) throw new Error(`table ${layer.name} is not built`);
  return Float32Array.from(w.dataSync() as Float32Array);
}
