// word2vec's setup (Mikolov et al. 2013; word2vec.c): the tables (wasm SIMD memory, or plain arrays for the
// scalar kernel), the noise distribution, subsampling thresholds and the corpus as every thread shares it.
// Storage-independent: CSR token ids (or where a stored corpus is) and counts in; the kernels (word2vecChunk.ts)
// train it.
import { WorkbenchError } from '../../shared';
import { WIDE, type WideTokens } from '../store/packedTokens';
import { createRng } from '../random';
import { applyInitialRows, isFrozen, type InitialRows } from './initialRows';
import { aliasTable, keepThresholds, trainedRows, unigramWeights } from './sampling';
import type { Word2VecShared } from './word2vecChunk';
import type { StoredTokens } from './word2vecStored';
import type { Word2VecTables } from './word2vecKernel';
import { word2VecLayout, word2VecMemory, word2VecModule } from './word2vecWasm';

/** Token sequences as CSR; ids index the vocabulary (0 = PAD and 1 = OOV are never trained). */
export interface TokenCorpus {
  tokens: Int32Array;
  offsets: Int32Array;
}

/** The same with packed tokens (store/packedTokens.ts): the CPU kernel's corpus, half the memory. */
export interface PackedCorpus {
  tokens: Uint16Array;
  wide: WideTokens;
  offsets: Int32Array;
}

/** A corpus left in the database (store/datasets.ts's StoredSequenceColumns): each chunk reads its tokens. */
export interface StoredCorpus {
  stored: StoredTokens;
  offsets: Int32Array;
}

export type TrainingCorpus = TokenCorpus | PackedCorpus | StoredCorpus;

/** The settings the setup needs (from a resolved config: lr is word2vec's alpha). */
export interface Word2VecSetup {
  mode: 'sgns' | 'cbow';
  dim: number;
  /** The largest window; each position samples its own in [1, window] (word2vec.c). */
  window: number;
  negative: number;
  nsExponent: number;
  /** Subsampling threshold of frequent words; 0 keeps every word. */
  sample: number;
  /** Start learning rate, decayed linearly to alpha·1e-4 over all epochs (word2vec.c's min_alpha). */
  alpha: number;
  epochs: number;
  seed: number;
  threads: number;
  /** `simd` (default): the WebAssembly SIMD kernel; `scalar`: the plain TypeScript one (the reference). */
  kernel?: 'simd' | 'scalar';
  /** Pre-trained rows (config.init) over the initializer; `trainable: false` freezes the table. */
  initial?: { input?: InitialRows; context?: InitialRows };
}

/** Input vectors uniform in (−0.5/dim, 0.5/dim), context vectors zero, as word2vec.c; PAD and OOV rows zero. */
export function initWord2Vec(rows: number, dim: number, seed: number, shared: boolean): Word2VecTables {
  const alloc = (n: number): Float32Array =>
    new Float32Array(shared ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4));
  const input = alloc(rows * dim);
  randomRows(input, rows, dim, dim, seed);
  return { input, context: alloc(rows * dim), dim };
}

/** word2vec.c's initial input rows from row 2 on, `stride` floats apart (padding untouched); the same draws
 * in the same order whatever the stride, so that both kernels start from the same tables. */
function randomRows(input: Float32Array, rows: number, dim: number, stride: number, seed: number): void {
  const rng = createRng(seed);
  for (let r = 2; r < rows; r++) for (let k = 0; k < dim; k++) input[r * stride + k] = (rng() - 0.5) / dim;
}

/** The corpus must be CSR over the vocabulary (the options were checked by the training rules). */
function validate(corpus: TrainingCorpus, counts: Float64Array): void {
  const bad = (message: string): WorkbenchError => new WorkbenchError('BadRequest', message);
  const { offsets } = corpus;
  if (offsets.length < 1 || offsets[0] !== 0) throw bad('offsets must start at 0');
  for (let s = 0; s + 1 < offsets.length; s++) {
    if (offsets[s + 1]! < offsets[s]!) throw bad(`offsets decrease at sequence ${s}`);
  }
  // A stored corpus's ids are checked as each chunk reads them (store/datasets.ts's sequenceTokenReader).
  if ('stored' in corpus) return;
  const { tokens } = corpus;
  if (offsets[offsets.length - 1] !== tokens.length) throw bad('offsets must end at tokens.length');
  const wide = 'wide' in corpus ? corpus.wide : null;
  for (let t = 0, o = 0; t < tokens.length; t++) {
    let w = tokens[t]!;
    if (wide && w === WIDE) {
      if (wide.positions[o] !== t) throw bad(`token ${t} is packed as wide but not listed as one`);
      w = wide.ids[o++]!;
    }
    if (w < 0 || w >= counts.length) throw bad(`token ${t} is ${w}, outside the vocabulary of ${counts.length}`);
  }
}

/**
 * The tables as rows × dim arrays: copies in plain buffers (`copy`: a snapshot later updates do not touch, that can
 * cross a process boundary), else views on the live tables where their layout allows (no row padding).
 */
export function tableArrays(
  t: Word2VecShared['tables'],
  rows: number,
  dim: number,
  copy: boolean,
): { input: Float32Array; context: Float32Array } {
  if (t.kind === 'js') {
    return copy
      ? { input: Float32Array.from(t.input), context: Float32Array.from(t.context) }
      : { input: t.input, context: t.context };
  }
  const { memory, layout: l } = t;
  const unpad = (offset: number): Float32Array => {
    const from = new Float32Array(memory.buffer, offset, rows * l.stride);
    if (l.stride === dim) return copy ? Float32Array.from(from) : from;
    const out = new Float32Array(rows * dim);
    for (let r = 0; r < rows; r++) out.set(from.subarray(r * l.stride, r * l.stride + dim), r * dim);
    return out;
  };
  return { input: unpad(l.input), context: unpad(l.context) };
}

function toShared<A extends Int32Array | Uint16Array | Float64Array>(a: A): A {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new (a.constructor as new (b: SharedArrayBuffer) => A)(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** Everything the threads share for this corpus and these settings; the tables start from the initializer. */
export function setupWord2Vec(corpus: TrainingCorpus, counts: Float64Array, o: Word2VecSetup): Word2VecShared {
  validate(corpus, counts);
  const weights = unigramWeights(counts, o.nsExponent);
  if (!weights.some((w) => w > 0)) throw new WorkbenchError('DatasetInvalid', 'no vocabulary entry has a count > 0');
  const noise = aliasTable(weights);
  const threads = o.threads;
  const rows = trainedRows(counts);
  const initial = (t: Word2VecTables, stride = o.dim): Word2VecTables => {
    applyInitialRows(t.input, o.dim, o.initial?.input, stride);
    applyInitialRows(t.context, o.dim, o.initial?.context, stride);
    return t;
  };
  const frozen = { input: isFrozen(o.initial?.input), context: isFrozen(o.initial?.context) };
  const layout = o.kernel === 'scalar' ? null : word2VecLayout(rows, o.dim, threads, o.negative, o.window);
  let tables: Word2VecShared['tables'] | null = null;
  if (layout) {
    try {
      // The tables are initialised in place: a copy of two 219k × 100 tables would be 175 MB more at the start.
      const memory = word2VecMemory(layout);
      const input = new Float32Array(memory.buffer, layout.input, rows * layout.stride);
      const context = new Float32Array(memory.buffer, layout.context, rows * layout.stride);
      randomRows(input, rows, o.dim, layout.stride, o.seed);
      initial({ input, context, dim: o.dim }, layout.stride);
      tables = { kind: 'wasm', memory, module: word2VecModule(layout, frozen), layout };
    } catch {
      // No room for one shared memory this large: the scalar kernel works on separate arrays.
    }
  }
  if (!tables) {
    const shared = initial(initWord2Vec(rows, o.dim, o.seed, threads > 1));
    tables = {
      kind: 'js',
      input: shared.input,
      context: shared.context,
      dim: o.dim,
      frozenInput: frozen.input,
      frozenContext: frozen.context,
    };
  }
  const share = <A extends Int32Array | Uint16Array | Float64Array>(a: A): A => (threads > 1 ? toShared(a) : a);
  return {
    tokens: 'stored' in corpus ? null : share(corpus.tokens),
    offsets: share(corpus.offsets),
    wide: 'wide' in corpus ? { positions: share(corpus.wide.positions), ids: share(corpus.wide.ids) } : null,
    stored: 'stored' in corpus ? corpus.stored : null,
    tables,
    keep: keepThresholds(counts, o.sample),
    aliasProb: noise.prob,
    aliasIndex: noise.alias,
    cbow: o.mode === 'cbow',
    window: o.window,
    negative: o.negative,
    alpha: o.alpha,
    minAlpha: o.alpha * 1e-4,
    epochs: o.epochs,
  };
}
