// Vocabularies with Keras' conventions: index 0 is padding, 1 is out-of-vocabulary, then by descending count
// (ties in order of first appearance, as Keras' Tokenizer's stable sort gives). Cut-offs send ids to OOV.
import type { VocabularyCut, VocabularyReport } from '../../shared';
import type { KeyIds } from './columns';

export const PAD = 0;
export const OOV = 1;

export interface Vocabulary {
  /** Real ids in index order: keys[k] has index k + 2. */
  keys: string[];
  counts: number[];
  /** Provisional id (order of first appearance) → final index (OOV for ids cut off). */
  remap: Int32Array;
  report: VocabularyReport;
}

/**
 * `minCount` drops ids seen fewer times; `maxSize` keeps at most that many real ids. With a word
 * tokenizer's `numWords` (which counts index 0, as in Keras) pass maxSize = numWords − 2.
 */
export function buildVocabulary(ids: KeyIds, cut: VocabularyCut = {}): Vocabulary {
  const n = ids.size;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ids.counts[b]! - ids.counts[a]! || a - b);
  const minCount = cut.minCount ?? 1;
  const maxSize = cut.maxSize ?? Infinity;
  const remap = new Int32Array(n).fill(OOV);
  const keys: string[] = [];
  const counts: number[] = [];
  let oovIds = 0;
  let oovRows = 0;
  for (const id of order) {
    const count = ids.counts[id]!;
    if (count >= minCount && keys.length < maxSize) {
      remap[id] = keys.length + 2;
      keys.push(ids.keys[id]!);
      counts.push(count);
    } else {
      oovIds++;
      oovRows += count;
    }
  }
  return { keys, counts, remap, report: { size: keys.length, oovIds, oovRows } };
}
