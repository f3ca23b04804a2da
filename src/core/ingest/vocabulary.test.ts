import { describe, expect, it } from 'vitest';
import { KeyIds } from './columns';
import { buildVocabulary, OOV, PAD } from './vocabulary';

function ids(keys: string[]): KeyIds {
  const k = new KeyIds();
  for (const key of keys) k.id(key);
  return k;
}

describe('buildVocabulary', () => {
  const seen = ids(['b', 'a', 'c', 'a', 'c', 'a', 'd']); // provisional ids: b0 a1 c2 d3

  it('reserves 0 for padding and 1 for out-of-vocabulary, then orders by descending count, ties by first appearance', () => {
    expect([PAD, OOV]).toEqual([0, 1]);
    const v = buildVocabulary(seen);
    expect(v.keys).toEqual(['a', 'c', 'b', 'd']);
    expect(v.counts).toEqual([3, 2, 1, 1]);
    expect(Array.from(v.remap)).toEqual([4, 2, 3, 5]);
    expect(v.report).toEqual({ size: 4, oovIds: 0, oovRows: 0 });
  });

  it('sends ids below minCount to OOV and reports how many ids and rows went there', () => {
    const v = buildVocabulary(seen, { minCount: 2 });
    expect(v.keys).toEqual(['a', 'c']);
    expect(Array.from(v.remap)).toEqual([OOV, 2, 3, OOV]);
    expect(v.report).toEqual({ size: 2, oovIds: 2, oovRows: 2 });
  });

  it('keeps at most maxSize of the most frequent ids', () => {
    const v = buildVocabulary(seen, { maxSize: 1 });
    expect(v.keys).toEqual(['a']);
    expect(v.report).toEqual({ size: 1, oovIds: 3, oovRows: 4 });
  });
});
