// The word2vec bench's corpus: a generated text with a Zipfian vocabulary and planted analogies (or a file),
// read into a minCount vocabulary and CSR token ids the way the trainer takes them.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRng } from '../src/core/random';
import { aliasDraw, aliasTable } from '../src/core/train/sampling';

const FILLER_TYPES = 150_000;
const ENTITIES = 60;
const ROLES = 6;
const TOPIC_WORDS = 8;
const MARKERS = 8;
const LINE_TOKENS = 1000;

/**
 * Lines of ~1000 tokens. 75% are filler words drawn from a Zipf(1.05) law over 150,000 types (so minCount 5
 * drops a tail, as in real text); 25% are phrases around a planted word `e{e}r{r}` (entity e, role r) with
 * words of the entity's topic and markers of the role around it, so e1r1 − e1r2 + e2r2 ≈ e2r1.
 * Returns the text and the analogy questions in the questions-words.txt format.
 */
export function generateCorpus(totalTokens: number, seed = 2026): { text: string; questions: string } {
  const rng = createRng(seed);
  const zipf = aliasTable(Float64Array.from({ length: FILLER_TYPES }, (_, i) => 1 / Math.pow(i + 2, 1.05)));
  const pick = (n: number): number => Math.floor(rng() * n);
  const lines: string[] = [];
  let produced = 0;
  while (produced < totalTokens) {
    const words: string[] = [];
    while (words.length < LINE_TOKENS) {
      if (rng() < 0.75 * (8 / 7)) {
        // 8 filler words for every 7-token phrase keeps filler at ~75% of the tokens
        for (let k = 0; k < 8; k++) words.push(`w${aliasDraw(zipf, Math.floor(rng() * 4294967296))}`);
      } else {
        const e = pick(ENTITIES);
        const r = pick(ROLES);
        const around = (): string => (rng() < 0.5 ? `t${e}_${pick(TOPIC_WORDS)}` : `m${r}_${pick(MARKERS)}`);
        words.push(around(), around(), around(), `e${e}r${r}`, around(), around(), around());
      }
    }
    produced += words.length;
    lines.push(words.join(' '));
  }
  const q: string[] = [];
  for (let r = 0; r + 1 < ROLES; r++) {
    q.push(`: role${r}-role${r + 1}`);
    for (let n = 0; n < 400; n++) {
      const a = pick(ENTITIES);
      const b = (a + 1 + pick(ENTITIES - 1)) % ENTITIES;
      q.push(`e${a}r${r} e${a}r${r + 1} e${b}r${r} e${b}r${r + 1}`);
    }
  }
  return { text: lines.join('\n') + '\n', questions: q.join('\n') + '\n' };
}

export interface LoadedCorpus {
  tokens: Int32Array;
  offsets: Int32Array;
  counts: Float64Array;
  /** Index → word; 0 and 1 are PAD and OOV. */
  words: string[];
}

/**
 * Whitespace tokens, one sequence per line; a vocabulary of the words seen ≥ minCount times, indexed from 2
 * by descending count (ties by first appearance, as Keras' Tokenizer); rarer words become OOV (1).
 */
export function loadCorpus(path: string, minCount: number): LoadedCorpus {
  const text = readFileSync(path, 'latin1');
  const seen = new Map<string, number>();
  const raw: number[] = [];
  const lineEnds: number[] = [];
  const firstSeen: string[] = [];
  const rawCounts: number[] = [];
  for (const line of text.split('\n')) {
    for (const word of line.split(/\s+/)) {
      if (word === '') continue;
      let id = seen.get(word);
      if (id === undefined) {
        id = firstSeen.length;
        seen.set(word, id);
        firstSeen.push(word);
        rawCounts.push(0);
      }
      rawCounts[id]!++;
      raw.push(id);
    }
    if (raw.length > (lineEnds[lineEnds.length - 1] ?? 0)) lineEnds.push(raw.length);
  }
  const kept = firstSeen.map((_, id) => id).filter((id) => rawCounts[id]! >= minCount);
  kept.sort((a, b) => rawCounts[b]! - rawCounts[a]! || a - b);
  const remap = new Int32Array(firstSeen.length).fill(1);
  kept.forEach((id, n) => (remap[id] = n + 2));
  const tokens = Int32Array.from(raw, (id) => remap[id]!);
  const offsets = Int32Array.from([0, ...lineEnds]);
  const counts = Float64Array.from([0, 0, ...kept.map((id) => rawCounts[id]!)]);
  return { tokens, offsets, counts, words: ['<pad>', '<oov>', ...kept.map((id) => firstSeen[id]!)] };
}

export function writeGenerated(path: string, questionsPath: string, totalTokens: number): void {
  const { text, questions } = generateCorpus(totalTokens);
  writeFileSync(path, text);
  writeFileSync(questionsPath, questions);
}
