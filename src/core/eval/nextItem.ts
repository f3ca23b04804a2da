// Next-item HitRate@K for item sequences (item2vec, Barkan & Koenigstein 2016): from each sequence's
// second-to-last item, is the last one among the K nearest items? The leave-last-out check of a sequence model.
import { topK } from './ranking';

export interface NextItemResult {
  k: number;
  hitRate: number;
  /** Sequences with two trainable items at the end, of which at most `maxQueries` were asked. */
  queries: number;
}

/**
 * Scores are cosine similarities between input vectors, or with `context` the skip-gram prediction
 * input[prev]·context[item]. The query item itself, PAD and OOV are never predicted. Sequences are CSR.
 */
export function nextItemHitRate(
  sequences: { tokens: Int32Array; offsets: Int32Array },
  table: { vectors: Float32Array; dim: number; context?: Float32Array },
  opts: { k?: number; maxQueries?: number } = {},
): NextItemResult {
  const k = opts.k ?? 10;
  const { vectors, dim, context } = table;
  const rows = vectors.length / dim;
  const norms = new Float64Array(rows);
  const target = context ?? vectors;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += target[r * dim + d]! ** 2;
    norms[r] = context ? 1 : Math.sqrt(s);
  }
  const candidates: number[] = [];
  for (let s = 0; s + 1 < sequences.offsets.length; s++) {
    const end = sequences.offsets[s + 1]!;
    if (end - sequences.offsets[s]! < 2) continue;
    const prev = sequences.tokens[end - 2]!;
    const last = sequences.tokens[end - 1]!;
    // A query word without a row (never trained) is not asked; a last word without one is a miss.
    if (prev >= 2 && last >= 2 && prev < rows) candidates.push(s);
  }
  const maxQueries = opts.maxQueries ?? 10000;
  const step = Math.max(1, candidates.length / maxQueries);
  const scores = new Float32Array(rows);
  let hits = 0;
  let asked = 0;
  for (let n = 0; n < candidates.length; n += step) {
    const end = sequences.offsets[candidates[Math.floor(n)]! + 1]!;
    const prev = sequences.tokens[end - 2]!;
    const last = sequences.tokens[end - 1]!;
    const q = prev * dim;
    for (let r = 0; r < rows; r++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += vectors[q + d]! * target[r * dim + d]!;
      scores[r] = norms[r]! > 0 ? dot / norms[r]! : 0;
    }
    scores[prev] = -Infinity;
    if (topK(scores, k).includes(last)) hits++;
    asked++;
  }
  return { k, hitRate: asked ? hits / asked : NaN, queries: asked };
}
