// word2vec training (Mikolov et al. 2013): skip-gram or CBOW with negative sampling over an in-memory token
// corpus, on one thread (reproducible) or Hogwild worker threads. Storage-independent: CSR in, tables out.
import { WorkbenchError } from '../../shared';
import { createRng } from '../random';
import type { NodeEntry } from '../runtime';
import { InlineExecutor, WorkerExecutor, type ChunkExecutor } from './chunkPool';
import {
  chunkBoundaries,
  Word2VecChunkRunner,
  type Word2VecChunk,
  type Word2VecChunkResult,
  type Word2VecShared,
} from './sgnsChunk';
import { aliasTable, hashSeed, keepThresholds, unigramWeights } from './sampling';
import type { Word2VecTables } from './sgnsKernel';
import { word2VecLayout, word2VecMemory, word2VecModule } from './sgnsWasm';
import { applyInitialRows, isFrozen, type InitialRows } from './initialRows';

/** Token sequences as CSR; ids index the vocabulary (0 = PAD and 1 = OOV are never trained). */
export interface TokenCorpus {
  tokens: Int32Array;
  offsets: Int32Array;
}

export interface Word2VecOptions {
  mode: 'sgns' | 'cbow';
  dim: number;
  /** The largest window; each position samples its own in [1, window] (word2vec.c). */
  window: number;
  negative: number;
  nsExponent: number;
  /** Subsampling threshold of frequent words; 0 keeps every word. */
  sample: number;
  /** Start learning rate, decayed linearly to `minAlpha` (default alpha·1e-4) over all epochs. */
  alpha: number;
  minAlpha?: number;
  epochs: number;
  seed: number;
  threads: number;
  /** `simd` (default): the WebAssembly SIMD kernel; `scalar`: the plain TypeScript one (the reference). */
  kernel?: 'simd' | 'scalar';
  /** Pre-trained rows (config.init) over the initializer; `trainable: false` freezes the table. */
  initial?: { input?: InitialRows; context?: InitialRows };
}

/** word2vec.c's defaults (its CBOW starts at α 0.05, skip-gram at 0.025). */
export function word2VecDefaults(mode: 'sgns' | 'cbow'): Word2VecOptions {
  return {
    mode,
    dim: 100,
    window: 5,
    negative: 5,
    nsExponent: 0.75,
    sample: 1e-3,
    alpha: mode === 'cbow' ? 0.05 : 0.025,
    epochs: 5,
    seed: 1,
    threads: 1,
  };
}

export interface Word2VecEpoch {
  epoch: number;
  /** Mean binary cross-entropy over every positive and negative pair of the epoch. */
  loss: number;
  pairs: number;
  /** Raw tokens read (as gensim's "raw words") and tokens trained after OOV removal and subsampling. */
  words: number;
  trainedWords: number;
  seconds: number;
  wordsPerSecond: number;
}

export interface Word2VecProgress {
  epoch: number;
  wordsDone: number;
  wordsPerEpoch: number;
  loss: number;
  wordsPerSecond: number;
}

export interface Word2VecHooks {
  /** After each epoch; `tables()` copies the tables as they are now (for a checkpoint). */
  onEpoch?: (e: Word2VecEpoch, tables: () => { input: Float32Array; context: Float32Array }) => void;
  /** Within an epoch, at most every ~0.5 s. */
  onProgress?: (p: Word2VecProgress) => void;
  /** Checked between chunks (~10,000 tokens); true ⇒ throws `Cancelled`. */
  shouldStop?: () => boolean;
  /** The worker entry (`nodeEntry(import.meta.url, '…/sgnsWorker')`), needed when threads > 1. */
  workerEntry?: NodeEntry;
}

export interface Word2VecResult {
  input: Float32Array;
  context: Float32Array;
  rows: number;
  dim: number;
  epochs: Word2VecEpoch[];
  /** The kernel that ran (SIMD falls back to scalar when the tables do not fit one wasm memory). */
  kernel: 'simd' | 'scalar';
}

const CHUNK_TOKENS = 10000;

/** Input vectors uniform in (−0.5/dim, 0.5/dim), context vectors zero, as word2vec.c; PAD and OOV rows zero. */
export function initWord2Vec(rows: number, dim: number, seed: number, shared: boolean): Word2VecTables {
  const alloc = (n: number): Float32Array =>
    new Float32Array(shared ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4));
  const input = alloc(rows * dim);
  const rng = createRng(seed);
  for (let k = 2 * dim; k < input.length; k++) input[k] = (rng() - 0.5) / dim;
  return { input, context: alloc(rows * dim), dim };
}

function validate(corpus: TokenCorpus, counts: Float64Array, o: Word2VecOptions): void {
  const bad = (message: string): WorkbenchError => new WorkbenchError('BadRequest', message);
  const intAtLeast = (name: string, v: number, min: number): void => {
    if (!Number.isInteger(v) || v < min) throw bad(`${name} must be an integer ≥ ${min} (got ${v})`);
  };
  intAtLeast('dim', o.dim, 1);
  intAtLeast('window', o.window, 1);
  intAtLeast('negative', o.negative, 1);
  intAtLeast('epochs', o.epochs, 1);
  intAtLeast('threads', o.threads, 1);
  if (!(o.alpha > 0)) throw bad(`alpha must be > 0 (got ${o.alpha})`);
  if (!(o.sample >= 0)) throw bad(`sample must be ≥ 0 (got ${o.sample})`);
  const { tokens, offsets } = corpus;
  if (offsets.length < 1 || offsets[0] !== 0 || offsets[offsets.length - 1] !== tokens.length) {
    throw bad('offsets must start at 0 and end at tokens.length');
  }
  for (let s = 0; s + 1 < offsets.length; s++) {
    if (offsets[s + 1]! < offsets[s]!) throw bad(`offsets decrease at sequence ${s}`);
  }
  for (let t = 0; t < tokens.length; t++) {
    const w = tokens[t]!;
    if (w < 0 || w >= counts.length) throw bad(`token ${t} is ${w}, outside the vocabulary of ${counts.length}`);
  }
}

/** rows × dim copies in plain buffers, so that the tables can cross a process boundary. */
function finalTables(
  t: Word2VecShared['tables'],
  rows: number,
  dim: number,
): { input: Float32Array; context: Float32Array } {
  if (t.kind === 'js') {
    const plain = (a: Float32Array): Float32Array => (a.buffer instanceof SharedArrayBuffer ? Float32Array.from(a) : a);
    return { input: plain(t.input), context: plain(t.context) };
  }
  const { memory, layout: l } = t;
  const unpad = (offset: number): Float32Array => {
    const from = new Float32Array(memory.buffer, offset, rows * l.stride);
    if (l.stride === dim) return Float32Array.from(from);
    const out = new Float32Array(rows * dim);
    for (let r = 0; r < rows; r++) out.set(from.subarray(r * l.stride, r * l.stride + dim), r * dim);
    return out;
  };
  return { input: unpad(l.input), context: unpad(l.context) };
}

function toShared<A extends Int32Array | Float64Array>(a: A): A {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new (a.constructor as new (b: SharedArrayBuffer) => A)(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

export async function trainWord2Vec(
  corpus: TokenCorpus,
  counts: Float64Array,
  options: Word2VecOptions,
  hooks: Word2VecHooks = {},
): Promise<Word2VecResult> {
  const o = options;
  validate(corpus, counts, o);
  const weights = unigramWeights(counts, o.nsExponent);
  if (!weights.some((w) => w > 0)) throw new WorkbenchError('DatasetInvalid', 'no vocabulary entry has a count > 0');
  const noise = aliasTable(weights);
  const threads = o.threads;
  if (threads > 1 && !hooks.workerEntry) throw new Error('threads > 1 needs the worker entry');
  const rows = counts.length;
  const initial = (t: Word2VecTables): Word2VecTables => {
    applyInitialRows(t.input, o.dim, o.initial?.input);
    applyInitialRows(t.context, o.dim, o.initial?.context);
    return t;
  };
  const frozen = { input: isFrozen(o.initial?.input), context: isFrozen(o.initial?.context) };
  const init = initial(initWord2Vec(rows, o.dim, o.seed, false));
  const layout = o.kernel === 'scalar' ? null : word2VecLayout(rows, o.dim, threads, o.negative, o.window);
  let tables: Word2VecShared['tables'] | null = null;
  if (layout) {
    try {
      const memory = word2VecMemory(layout);
      const input = new Float32Array(memory.buffer, layout.input, rows * layout.stride);
      const context = new Float32Array(memory.buffer, layout.context, rows * layout.stride);
      for (let r = 0; r < rows; r++) {
        input.set(init.input.subarray(r * o.dim, (r + 1) * o.dim), r * layout.stride);
        context.set(init.context.subarray(r * o.dim, (r + 1) * o.dim), r * layout.stride);
      }
      tables = { kind: 'wasm', memory, module: word2VecModule(layout, frozen), layout };
    } catch {
      // No room for one shared memory this large: the scalar kernel works on separate arrays.
    }
  }
  if (!tables) {
    const shared = threads > 1 ? initial(initWord2Vec(rows, o.dim, o.seed, true)) : init;
    tables = {
      kind: 'js',
      input: shared.input,
      context: shared.context,
      dim: o.dim,
      frozenInput: frozen.input,
      frozenContext: frozen.context,
    };
  }
  const shared: Word2VecShared = {
    tokens: threads > 1 ? toShared(corpus.tokens) : corpus.tokens,
    offsets: threads > 1 ? toShared(corpus.offsets) : corpus.offsets,
    tables,
    keep: keepThresholds(counts, o.sample),
    aliasProb: noise.prob,
    aliasIndex: noise.alias,
    cbow: o.mode === 'cbow',
    window: o.window,
    negative: o.negative,
    alpha: o.alpha,
    minAlpha: o.minAlpha ?? o.alpha * 1e-4,
    epochs: o.epochs,
  };
  let executor: ChunkExecutor<Word2VecChunk, Word2VecChunkResult>;
  if (threads > 1) {
    executor = new WorkerExecutor(hooks.workerEntry!, threads, (thread) => ({ shared, thread }));
  } else {
    const runner = new Word2VecChunkRunner(shared, 0);
    executor = new InlineExecutor((c: Word2VecChunk) => runner.run(c));
  }
  const bounds = chunkBoundaries(corpus.offsets, CHUNK_TOKENS);
  const perEpoch = corpus.tokens.length;
  const epochs: Word2VecEpoch[] = [];
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const tasks: Word2VecChunk[] = [];
      for (let c = 0; c + 1 < bounds.length; c++) {
        tasks.push({ start: bounds[c]!, end: bounds[c + 1]!, epoch: epoch - 1, seed: hashSeed(o.seed, epoch, c) });
      }
      const t0 = performance.now();
      let lastReport = t0;
      const sum = { loss: 0, pairs: 0, words: 0, trained: 0 };
      await executor.run(
        tasks,
        (r) => {
          sum.loss += r.loss;
          sum.pairs += r.pairs;
          sum.words += r.words;
          sum.trained += r.trained;
          const now = performance.now();
          if (hooks.onProgress && now - lastReport > 500) {
            lastReport = now;
            const wordsPerSecond = sum.words / ((now - t0) / 1000);
            hooks.onProgress({
              epoch,
              wordsDone: sum.words,
              wordsPerEpoch: perEpoch,
              loss: sum.loss / sum.pairs,
              wordsPerSecond,
            });
          }
        },
        hooks.shouldStop,
      );
      const seconds = (performance.now() - t0) / 1000;
      const loss = sum.pairs > 0 ? sum.loss / sum.pairs : 0;
      if (!Number.isFinite(loss)) {
        throw new WorkbenchError(
          'TrainingDiverged',
          `the training loss became ${loss} in epoch ${epoch}; lower the learning rate alpha (now ${o.alpha})`,
        );
      }
      const e: Word2VecEpoch = {
        epoch,
        loss,
        pairs: sum.pairs,
        words: sum.words,
        trainedWords: sum.trained,
        seconds,
        wordsPerSecond: sum.words / Math.max(seconds, 1e-9),
      };
      epochs.push(e);
      const now = tables;
      hooks.onEpoch?.(e, () => finalTables(now, rows, o.dim));
    }
  } finally {
    await executor.close();
  }
  const out = finalTables(tables, rows, o.dim);
  return { ...out, rows, dim: o.dim, epochs, kernel: tables.kind === 'wasm' ? 'simd' : 'scalar' };
}
