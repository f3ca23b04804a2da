// Word analogies in the questions-words.txt format (Mikolov et al. 2013): `: section` headers, then lines
// `a b c d` meaning a:b :: c:d. Scored with 3CosAdd as gensim's evaluate_word_analogies does it: restricted
// to the most frequent entries, case-insensitive, questions with a word outside that set skipped and counted.
import { WorkbenchError } from '../../shared';

export interface AnalogyQuestion {
  section: string;
  a: string;
  b: string;
  c: string;
  expected: string;
}

export interface ParsedAnalogies {
  questions: AnalogyQuestion[];
  sections: string[];
  /** 1-based numbers of lines that were not four words (gensim skips them too). */
  invalidLines: number[];
}

export function parseAnalogies(text: string, source = 'analogies'): ParsedAnalogies {
  const questions: AnalogyQuestion[] = [];
  const sections: string[] = [];
  const invalidLines: number[] = [];
  let section: string | null = null;
  text.split(/\r?\n/).forEach((raw, n) => {
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith(':')) {
      section = line.slice(1).trim();
      sections.push(section);
      return;
    }
    if (section === null) {
      throw new WorkbenchError('DatasetInvalid', `${source} line ${n + 1}: a question before any ": section" line`);
    }
    const words = line.split(/\s+/);
    if (words.length !== 4) {
      invalidLines.push(n + 1);
      return;
    }
    const [a, b, c, expected] = words as [string, string, string, string];
    questions.push({ section, a, b, c, expected });
  });
  return { questions, sections, invalidLines };
}

/** A table with its vocabulary: row r is `words[r]`; rows from 2 on are ordered by descending frequency. */
export interface KeyedVectors {
  words: readonly string[];
  vectors: Float32Array;
  dim: number;
}

export interface SectionScore {
  correct: number;
  total: number;
  /** correct / total; NaN for a section whose questions were all skipped. */
  accuracy: number;
}

export interface AnalogyResult {
  /** Correct over evaluated questions (NaN when none could be evaluated). */
  accuracy: number;
  sections: Record<string, SectionScore>;
  /** Questions evaluated, and questions skipped because a word is outside the restricted vocabulary. */
  questions: number;
  skipped: number;
}

/** Unit-length copies of rows [2, 2 + n), as gensim normalises before most_similar. */
function normalizedRows(kv: KeyedVectors, n: number): Float32Array {
  const { dim, vectors } = kv;
  const out = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) {
    const src = (r + 2) * dim;
    let norm = 0;
    for (let k = 0; k < dim; k++) norm += vectors[src + k]! ** 2;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < dim; k++) out[r * dim + k] = vectors[src + k]! * inv;
  }
  return out;
}

/**
 * 3CosAdd: the answer to a:b :: c:? is the restricted entry with the highest cosine to b − a + c (unit
 * vectors), other than a, b and c themselves; like gensim, words are compared upper-cased and each upper-cased
 * word stands for its most frequent spelling.
 */
export function evaluateAnalogies(
  questions: readonly AnalogyQuestion[],
  kv: KeyedVectors,
  opts: { restrict?: number } = {},
): AnalogyResult {
  const dim = kv.dim;
  const n = Math.max(0, Math.min(opts.restrict ?? 30000, kv.words.length - 2, kv.vectors.length / dim - 2));
  const unit = normalizedRows(kv, n);
  const byUpper = new Map<string, number>();
  const canonical = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const key = kv.words[r + 2]!.toUpperCase();
    if (!byUpper.has(key)) byUpper.set(key, r);
    canonical[r] = byUpper.get(key)!;
  }
  const sections: Record<string, SectionScore> = {};
  let correct = 0;
  let evaluated = 0;
  let skipped = 0;
  const q = new Float64Array(dim);
  for (const question of questions) {
    const s = (sections[question.section] ??= { correct: 0, total: 0, accuracy: NaN });
    const ids = [question.a, question.b, question.c, question.expected].map((w) => byUpper.get(w.toUpperCase()));
    if (ids.some((id) => id === undefined)) {
      skipped++;
      continue;
    }
    const [a, b, c, expected] = ids as [number, number, number, number];
    for (let k = 0; k < dim; k++) q[k] = unit[b * dim + k]! + unit[c * dim + k]! - unit[a * dim + k]!;
    let best = -1;
    let bestScore = -Infinity;
    for (let r = 0; r < n; r++) {
      const row = r * dim;
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += unit[row + k]! * q[k]!;
      if (dot > bestScore) {
        const cr = canonical[r]!;
        if (cr === a || cr === b || cr === c) continue;
        best = r;
        bestScore = dot;
      }
    }
    s.total++;
    evaluated++;
    if (best >= 0 && canonical[best] === expected) {
      s.correct++;
      correct++;
    }
  }
  for (const s of Object.values(sections)) s.accuracy = s.total ? s.correct / s.total : NaN;
  return { accuracy: evaluated ? correct / evaluated : NaN, sections, questions: evaluated, skipped };
}
