// Vocabularies with Keras' conventions: index 0 is padding, 1 is out-of-vocabulary, then by descending count.
export const PAD = 0;
export const OOV = 1;
export const PAD_KEY = '<pad>';
export const OOV_KEY = '<oov>';

export interface Vocabulary {
  /** keys[idx]; keys[0] and keys[1] are the PAD and OOV markers. */
  keys: string[];
  counts: number[];
  index: Map<string, number>;
}

/** Counts keys in order of first appearance (Map keeps insertion order). */
export class KeyCounter {
  readonly counts = new Map<string, number>();
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}

/** Ties keep their order of first appearance, as Keras' Tokenizer does (a stable sort). */
export function buildVocabulary(counter: KeyCounter): Vocabulary {
  const entries = [...counter.counts.entries()].sort((a, b) => b[1] - a[1]);
  const keys = [PAD_KEY, OOV_KEY, ...entries.map(([k]) => k)];
  const counts = [0, 0, ...entries.map(([, c]) => c)];
  const index = new Map<string, number>();
  keys.forEach((k, i) => {
    if (i > OOV) index.set(k, i);
  });
  return { keys, counts, index };
}

/** The index of a key, or OOV when the vocabulary does not have it. */
export function lookup(vocab: Vocabulary, key: string): number {
  return vocab.index.get(key) ?? OOV;
}
