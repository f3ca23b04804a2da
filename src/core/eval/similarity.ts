// Word-pair similarity benchmarks (WordSim-353, SimLex-999 style: `w1 w2 score` per line, tab or space
// separated, `#` comments): Spearman's ρ between human scores and cosine similarities, and the OOV ratio.
import { WorkbenchError } from '../../shared';
import type { KeyedVectors } from './analogies';

export interface SimilarityPair {
  a: string;
  b: string;
  score: number;
}

/** Lines that are blank or start with `#` are skipped; any other line must be two words and a number. */
export function parseSimilarityPairs(text: string, source = 'similarity'): SimilarityPair[] {
  const pairs: SimilarityPair[] = [];
  text.split(/\r?\n/).forEach((raw, n) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\t|\s+/);
    const score = Number(fields[2]);
    if (fields.length < 3 || !Number.isFinite(score)) {
      throw new WorkbenchError('DatasetInvalid', `${source} line ${n + 1}: expected "word word score", got "${line}"`);
    }
    pairs.push({ a: fields[0]!, b: fields[1]!, score });
  });
  return pairs;
}

/** 1-based ranks, ties given the mean of the ranks they span. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((x, y) => values[x]! - values[y]!);
  const ranks = new Float64Array(values.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    const rank = (start + 1 + end) / 2; // mean of start+1 … end
    for (let n = start; n < end; n++) ranks[order[n]!] = rank;
    start = end;
  }
  return ranks;
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman's ρ: Pearson's r of the average ranks (NaN with fewer than 2 pairs or a constant side). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length < 2) return NaN;
  return pearson(averageRanks(x), averageRanks(y));
}

export interface SimilarityResult {
  spearman: number;
  pearson: number;
  /** Pairs scored, and the share of pairs skipped because a word is not in the vocabulary (0..1). */
  pairs: number;
  oovRatio: number;
}

/** Case-insensitive like gensim's evaluate_word_pairs; each upper-cased word stands for its most frequent row. */
export function evaluateSimilarity(pairs: readonly SimilarityPair[], kv: KeyedVectors): SimilarityResult {
  const { dim, vectors } = kv;
  const byUpper = new Map<string, number>();
  for (let r = 2; r < kv.words.length; r++) {
    const key = kv.words[r]!.toUpperCase();
    if (!byUpper.has(key)) byUpper.set(key, r);
  }
  const human: number[] = [];
  const model: number[] = [];
  for (const p of pairs) {
    const a = byUpper.get(p.a.toUpperCase());
    const b = byUpper.get(p.b.toUpperCase());
    if (a === undefined || b === undefined) continue;
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let k = 0; k < dim; k++) {
      const x = vectors[a * dim + k]!;
      const y = vectors[b * dim + k]!;
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    human.push(p.score);
    model.push(na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0);
  }
  return {
    spearman: spearman(human, model),
    pearson: human.length >= 2 ? pearson(human, model) : NaN,
    pairs: human.length,
    oovRatio: pairs.length ? (pairs.length - human.length) / pairs.length : 0,
  };
}
