// Generated labelled text with a known answer, for the classifier's tests and benchmark. Documents are filler
// words drawn from a Zipf-like vocabulary with cue words planted in them:
// - `planted`: one cue word from the positive set (`excellent`, `superb`, …) or the negative set (`awful`,
//   `dreadful`, …) decides the label: any bag-of-words model learns it;
// - `order`: every document holds the words `alpha` and `beta` next to each other; the label says which comes
//   first (`ab` or `ba`). Each word appears once either way, so the average of the embeddings cannot tell the
//   classes apart; a model of order (GRU, LSTM, Conv1D) can.
import { writeFileSync } from 'node:fs';
import { createRng } from '../random';

export type TextTaskKind = 'planted' | 'order';

export interface TextTaskOptions {
  kind: TextTaskKind;
  documents: number;
  /** Filler vocabulary size (default 300). */
  vocabulary?: number;
  /** Words per document, uniformly in [min, max] (default 10..30). */
  minLength?: number;
  maxLength?: number;
  /** Share of documents whose label is flipped (default 0). */
  noise?: number;
  seed?: number;
}

export interface LabelledText {
  text: string;
  label: string;
}

export const POSITIVE_CUES = ['excellent', 'superb', 'wonderful', 'brilliant'];
export const NEGATIVE_CUES = ['awful', 'dreadful', 'terrible', 'boring'];

export function generateTextTask(o: TextTaskOptions): LabelledText[] {
  const rng = createRng(o.seed ?? 11);
  const vocab = o.vocabulary ?? 300;
  const minLen = o.minLength ?? 10;
  const maxLen = o.maxLength ?? 30;
  // Zipf-like filler: word i drawn with weight 1 / (i + 1).
  const cumulative = new Float64Array(vocab);
  let total = 0;
  for (let i = 0; i < vocab; i++) cumulative[i] = total += 1 / (i + 1);
  const filler = (): string => {
    const u = rng() * total;
    let lo = 0;
    let hi = vocab - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return `w${lo}`;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const docs: LabelledText[] = [];
  for (let d = 0; d < o.documents; d++) {
    const length = minLen + Math.floor(rng() * (maxLen - minLen + 1));
    const words = Array.from({ length }, filler);
    const at = Math.floor(rng() * (length - 1));
    let label: string;
    if (o.kind === 'planted') {
      const positive = rng() < 0.5;
      words[at] = pick(positive ? POSITIVE_CUES : NEGATIVE_CUES);
      label = positive ? 'pos' : 'neg';
    } else {
      const ab = rng() < 0.5;
      words[at] = ab ? 'alpha' : 'beta';
      words[at + 1] = ab ? 'beta' : 'alpha';
      label = ab ? 'ab' : 'ba';
    }
    if (rng() < (o.noise ?? 0))
      label = o.kind === 'planted' ? (label === 'pos' ? 'neg' : 'pos') : label === 'ab' ? 'ba' : 'ab';
    docs.push({ text: words.join(' '), label });
  }
  return docs;
}

/** The documents as a CSV with `text` and `label` columns, importable with `--map text=text,label=label`. */
export function writeTextTaskCsv(path: string, docs: readonly LabelledText[]): void {
  const lines = ['text,label', ...docs.map((d) => `"${d.text.replace(/"/g, '""')}",${d.label}`)];
  writeFileSync(path, lines.join('\n') + '\n');
}
