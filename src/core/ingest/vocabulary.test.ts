import { describe, expect, it } from 'vitest';
import { buildVocabulary, KeyCounter, lookup, OOV, PAD } from './vocabulary';

describe('buildVocabulary', () => {
  const counter = new KeyCounter();
  for (const k of ['b', 'a', 'c', 'a', 'c', 'a', 'd']) counter.add(k);
  const vocab = buildVocabulary(counter);

  it('reserves 0 for padding and 1 for out-of-vocabulary', () => {
    expect(PAD).toBe(0);
    expect(OOV).toBe(1);
    expect(vocab.keys.slice(0, 2)).toEqual(['<pad>', '<oov>']);
    expect(vocab.index.has('<pad>')).toBe(false);
  });

  it('orders ids by descending count, ties by first appearance', () => {
    expect(vocab.keys.slice(2)).toEqual(['a', 'c', 'b', 'd']);
    expect(vocab.counts.slice(2)).toEqual([3, 2, 1, 1]);
    expect(lookup(vocab, 'a')).toBe(2);
    expect(lookup(vocab, 'd')).toBe(5);
  });

  it('sends unknown keys to OOV', () => {
    expect(lookup(vocab, 'zzz')).toBe(OOV);
  });
});
