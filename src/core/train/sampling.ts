// Random sampling for the sparse trainers: per-chunk seeds, Walker's alias tables for negatives, and
// word2vec's frequent-word subsampling. Hot loops inline their own xorshift32 state; these build the tables.

/** A 32-bit seed from several integers (murmur3's fmix32 per part), never 0 so xorshift32 can start on it. */
export function hashSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h === 0 ? 0x6d2b79f5 : h | 0;
}

/** One xorshift32 step (Marsaglia 2003); the hot loops inline the same three lines. */
export function xorshift32(state: number): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return state | 0;
}

/**
 * Walker/Vose alias table over `weights` (index i drawn with probability weights[i] / Σ weights) in O(1):
 * bucket i = ⌊u·n⌋, then keep i when the fraction of u·n is below `prob[i]`, else take `alias[i]`.
 * Two arrays of n entries stay in cache where word2vec.c's 10⁸-entry unigram table would not.
 */
export interface AliasTable {
  prob: Float64Array;
  alias: Int32Array;
}

export function aliasTable(weights: Float64Array): AliasTable {
  const n = weights.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i]!;
  if (!(total > 0)) throw new Error('aliasTable: the weights sum to zero');
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = new Float64Array(n);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < n; i++) {
    scaled[i] = (weights[i]! * n) / total;
    alias[i] = i;
    (scaled[i]! < 1 ? small : large).push(i);
  }
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large[large.length - 1]!;
    prob[s] = scaled[s]!;
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    if (scaled[l]! < 1) small.push(large.pop()!);
  }
  // What is left is 1 up to rounding.
  for (const i of large) prob[i] = 1;
  for (const i of small) prob[i] = 1;
  return { prob, alias };
}

/** Draws from an alias table with one 32-bit random value (its high part picks the bucket, the rest the coin). */
export function aliasDraw(t: AliasTable, random32: number): number {
  const x = (random32 >>> 0) * (t.prob.length / 4294967296);
  const i = x | 0;
  return x - i < t.prob[i]! ? i : t.alias[i]!;
}

/**
 * The rows word2vec's tables need: up to the last index with a count > 0 (at least PAD and OOV). Vocabularies
 * are sorted by descending count, so the words under the training min-count are mostly a tail that gets no row
 * (on 17M tokens of Wikipedia, 151k of 219k words): tables, snapshots and stored runs are that much smaller.
 */
export function trainedRows(counts: Float64Array): number {
  let rows = counts.length;
  while (rows > 2 && !(counts[rows - 1]! > 0)) rows--;
  return rows;
}

/**
 * Negative-sampling weights counts^exponent (Mikolov et al. 2013: 0.75) over the trained rows (trainedRows), so
 * a draw is always a row of the tables; PAD (0) and OOV (1) get weight 0 so they are never drawn.
 */
export function unigramWeights(counts: Float64Array, exponent: number): Float64Array {
  const w = new Float64Array(trainedRows(counts));
  for (let i = 2; i < w.length; i++) w[i] = counts[i]! > 0 ? Math.pow(counts[i]!, exponent) : 0;
  return w;
}

/**
 * word2vec.c's keep probability of each vocabulary index, (√(f/(s·T)) + 1)·(s·T)/f with T the number of
 * training words, scaled to 2³² so that a token is kept when a uint32 random value is below it. PAD, OOV and
 * words of count 0 (under the training minCount) get 0: always dropped, as word2vec drops words outside its
 * vocabulary. sample 0 keeps every other word.
 */
export function keepThresholds(counts: Float64Array, sample: number): Float64Array {
  let total = 0;
  for (let i = 2; i < counts.length; i++) total += counts[i]!;
  const keep = new Float64Array(counts.length);
  const st = sample * total;
  for (let i = 2; i < counts.length; i++) {
    const f = counts[i]!;
    const p = sample > 0 && f > 0 ? (Math.sqrt(f / st) + 1) * (st / f) : 1;
    keep[i] = f > 0 ? Math.min(1, p) * 4294967296 : 0;
  }
  return keep;
}
