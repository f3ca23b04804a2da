// One chunk of a word2vec epoch: a token range of the corpus, cut into sentences, subsampled, then every kept
// position trained with a dynamic window (word2vec.c). The unit of work a thread runs; pure over its inputs
// (a stored corpus's tokens read from the database are one of them).
import {
  cbowStep,
  MAX_SENTENCE,
  skipGramWindowStep,
  stepScratch,
  windowScratch,
  type Word2VecTables,
} from './word2vecKernel';
import { scratchOf, type Word2VecLayout } from './word2vecWasm';
import { Wasm, type WasmMemory, type WasmModule } from './wasm';
import { firstWideFrom, WIDE, type WideTokens } from '../store/packedTokens';
import { StoredChunks, type StoredTokens } from './word2vecStored';

/** Everything a thread needs; typed arrays are shared (SharedArrayBuffer) when several threads train. */
export interface Word2VecShared {
  /** The corpus as CSR: sequence s is tokens[offsets[s], offsets[s+1]); packed when `wide` is given. */
  tokens: Int32Array | Uint16Array | null;
  offsets: Int32Array;
  /** The ids ≥ WIDE of packed tokens (store/packedTokens.ts), read in order with a cursor; null: not packed. */
  wide: WideTokens | null;
  /** A corpus left in the database (`tokens` null): each chunk reads its sequences (word2vecStored.ts). */
  stored: StoredTokens | null;
  /** The tables: plain arrays for the scalar kernel, or one shared wasm memory for the SIMD kernel. */
  tables:
    | {
        kind: 'js';
        input: Float32Array;
        context: Float32Array;
        dim: number;
        frozenInput?: boolean;
        frozenContext?: boolean;
      }
    | WasmTables;
  /** Keep thresholds per vocabulary index, × 2³² (`keepThresholds`). */
  keep: Float64Array;
  /** Alias table of the noise distribution over vocabulary indices (`aliasTable`). */
  aliasProb: Float64Array;
  aliasIndex: Int32Array;
  cbow: boolean;
  window: number;
  negative: number;
  alpha: number;
  minAlpha: number;
  epochs: number;
}

export interface WasmTables {
  kind: 'wasm';
  memory: WasmMemory;
  module: WasmModule;
  layout: Word2VecLayout;
}

/**
 * The steps a chunk calls, on whichever tables: it writes a window's context rows (contextRows[0..n)) and the
 * centre word with its negatives (targets[0..count)) into the given arrays, then takes one step.
 */
export interface WindowKernel {
  targets: Int32Array;
  contextRows: Int32Array;
  /** Every context row predicts the centre word against the same negatives (Ji et al. 2016). */
  skipGram(n: number, count: number, alpha: number): number;
  /** The mean of the context rows predicts the centre word (word2vec.c's CBOW). */
  cbow(n: number, count: number, alpha: number): number;
}

function scalarKernel(t: Word2VecTables, negative: number, window: number): WindowKernel {
  const scratch = stepScratch(t.dim);
  const batch = windowScratch(t.dim, window, negative);
  const targets = new Int32Array(negative + 1);
  const contextRows = new Int32Array(2 * window);
  return {
    targets,
    contextRows,
    skipGram: (n, count, alpha) => skipGramWindowStep(t, contextRows, n, targets, count, alpha, batch),
    cbow: (n, count, alpha) => cbowStep(t, contextRows, n, targets, count, alpha, scratch),
  };
}

type StepFn = (a: number, b: number, c: number, d: number, e: number, f: number, g: number) => number;

function simdKernel(w: WasmTables, thread: number, negative: number, window: number): WindowKernel {
  const { layout: l, memory } = w;
  const exports = new Wasm.Instance(w.module, { env: { memory } }).exports as unknown as {
    sgw: StepFn;
    cbow: StepFn;
  };
  const s = scratchOf(l, thread);
  const { sgw, cbow } = exports;
  return {
    targets: new Int32Array(memory.buffer, s.targets, negative + 1),
    contextRows: new Int32Array(memory.buffer, s.rows, 2 * window),
    skipGram: (n, count, alpha) => sgw(s.rows, n, s.targets, count, alpha, s.error, s.gradient),
    cbow: (n, count, alpha) => cbow(s.rows, n, s.targets, count, alpha, s.hidden, s.error),
  };
}

/** The kernel over `tables`; `thread` picks the thread's scratch area in a shared wasm memory. */
export function windowKernel(
  tables: Word2VecShared['tables'],
  thread: number,
  negative: number,
  window: number,
): WindowKernel {
  return tables.kind === 'js' ? scalarKernel(tables, negative, window) : simdKernel(tables, thread, negative, window);
}

/** Tokens [start, end) of the corpus, in epoch `epoch` (0-based); start and end lie on sentence boundaries. */
export interface Word2VecChunk {
  start: number;
  end: number;
  epoch: number;
  seed: number;
}

export interface Word2VecChunkResult {
  /** Summed binary cross-entropy and the number of (positive or negative) pairs it sums over. */
  loss: number;
  pairs: number;
  /** Raw tokens read, and tokens kept after OOV removal and subsampling. */
  words: number;
  trained: number;
}

/** The first index s with offsets[s] ≤ at < offsets[s+1] (empty sequences skipped). */
function sequenceAt(offsets: Int32Array, at: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid]! <= at) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Chunk boundaries of about `target` tokens, on sequence ends or MAX_SENTENCE cuts. */
export function chunkBoundaries(offsets: Int32Array, target: number): Int32Array {
  const out: number[] = [offsets[0] ?? 0];
  let last = out[0]!;
  for (let s = 0; s + 1 < offsets.length; s++) {
    const a = offsets[s]!;
    const b = offsets[s + 1]!;
    for (let cut = a + MAX_SENTENCE; cut < b; cut += MAX_SENTENCE) {
      if (cut - last >= target) out.push((last = cut));
    }
    if (b - last >= target) out.push((last = b));
  }
  const end = offsets[offsets.length - 1] ?? 0;
  if (last < end) out.push(end);
  return Int32Array.from(out);
}

export class Word2VecChunkRunner {
  private readonly sentence = new Int32Array(MAX_SENTENCE);
  private readonly position = new Int32Array(MAX_SENTENCE);
  private readonly kernel: WindowKernel;
  private readonly stored: StoredChunks | null;

  /** `thread` picks this thread's scratch area in a shared wasm memory. */
  constructor(
    private readonly d: Word2VecShared,
    thread: number,
  ) {
    this.kernel = windowKernel(d.tables, thread, d.negative, d.window);
    this.stored = d.stored ? new StoredChunks(d.stored, d.offsets, d.keep.length) : null;
  }

  /** Closes the reader of a stored corpus. */
  close(): void {
    this.stored?.close();
  }

  run(chunk: Word2VecChunk): Word2VecChunkResult {
    const d = this.d;
    const { offsets, keep, aliasProb, aliasIndex, window, negative, cbow } = d;
    const { sentence, position, kernel } = this;
    const { targets, contextRows } = kernel;
    // α falls linearly with the global token position over all epochs (gensim/word2vec.c schedule).
    const perEpoch = offsets[offsets.length - 1]!;
    const slope = (d.alpha - d.minAlpha) / Math.max(1, d.epochs * perEpoch);
    const alphaBase = d.alpha - slope * chunk.epoch * perEpoch;
    const aliasScale = aliasProb.length / 4294967296;
    let r = chunk.seed | 0 || 1;
    let loss = 0;
    let pairs = 0;
    let trained = 0;
    let s = sequenceAt(offsets, chunk.start);
    let p = chunk.start;
    // The corpus in memory, or the chunk's sequences read from the database: position t is tokens[t − base].
    let tokens = d.tokens!;
    let base = 0;
    if (this.stored) {
      let to = s + 1;
      while (offsets[to]! < chunk.end) to++;
      tokens = this.stored.read(s, to);
      base = offsets[s]!;
    }
    // A chunk reads its positions once each, in order: the next wide token is always `wide.ids[o]`.
    const wide = d.wide;
    let o = wide ? firstWideFrom(wide, chunk.start) : 0;
    while (p < chunk.end) {
      while (offsets[s + 1]! <= p) s++;
      const seqStart = offsets[s]!;
      const pieceEnd = Math.min(
        chunk.end,
        offsets[s + 1]!,
        seqStart + (Math.floor((p - seqStart) / MAX_SENTENCE) + 1) * MAX_SENTENCE,
      );
      // Drop OOV/PAD and subsample frequent words before windowing, so windows reach past them (word2vec.c).
      let n = 0;
      for (let t = p; t < pieceEnd; t++) {
        let w = tokens[t - base]!;
        if (w === WIDE && wide) w = wide.ids[o++]!;
        const k = keep[w]!;
        if (k === 0) continue; // PAD, OOV and words under minCount
        if (k < 4294967296) {
          r ^= r << 13;
          r ^= r >>> 17;
          r ^= r << 5;
          if (r >>> 0 >= k) continue;
        }
        sentence[n] = w;
        position[n++] = t;
      }
      trained += n;
      for (let i = 0; i < n; i++) {
        const word = sentence[i]!;
        const alpha = Math.max(d.minAlpha, alphaBase - slope * position[i]!);
        r ^= r << 13;
        r ^= r >>> 17;
        r ^= r << 5;
        const reach = window - ((r >>> 0) % window); // word2vec.c's b: an effective window in [1, window]
        const lo = Math.max(0, i - reach);
        const hi = Math.min(n, i + reach + 1);
        // One step per window: its context words against the centre word and one set of negatives.
        let cw = 0;
        for (let x = lo; x < hi; x++) if (x !== i) contextRows[cw++] = sentence[x]!;
        if (cw === 0) continue;
        targets[0] = word;
        let count = 1;
        for (let neg = 0; neg < negative; neg++) {
          r ^= r << 13;
          r ^= r >>> 17;
          r ^= r << 5;
          const x = (r >>> 0) * aliasScale;
          const b = x | 0;
          const j = x - b < aliasProb[b]! ? b : aliasIndex[b]!;
          if (j !== word) targets[count++] = j; // word2vec.c skips a draw of the word itself
        }
        if (cbow) {
          loss += kernel.cbow(cw, count, alpha);
          pairs += count;
        } else {
          loss += kernel.skipGram(cw, count, alpha);
          pairs += cw * count;
        }
      }
      p = pieceEnd;
    }
    return { loss, pairs, words: chunk.end - chunk.start, trained };
  }
}
