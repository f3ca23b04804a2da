import { describe, expect, it } from 'vitest';
import { padArrays, padSequences } from './padSequences';

const rows = (m: Int32Array, width: number): number[][] =>
  Array.from({ length: m.length / width }, (_, r) => Array.from(m.subarray(r * width, (r + 1) * width)));

// Expected values worked by hand from the Keras documentation of `pad_sequences`
// (sequence = [[1], [2, 3], [4, 5, 6]]).
describe('padSequences, as keras.utils.pad_sequences', () => {
  const seqs = [[1], [2, 3], [4, 5, 6]];

  it('pads before by default', () => {
    expect(rows(padArrays(seqs, { maxLen: 3 }), 3)).toEqual([
      [0, 0, 1],
      [0, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('pads after with padding post, and with another value', () => {
    expect(rows(padArrays(seqs, { maxLen: 3, padding: 'post' }), 3)).toEqual([
      [1, 0, 0],
      [2, 3, 0],
      [4, 5, 6],
    ]);
    expect(rows(padArrays(seqs, { maxLen: 3, value: -1 }), 3)).toEqual([
      [-1, -1, 1],
      [-1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('truncates the beginning by default (keeps the last ids)', () => {
    expect(rows(padArrays(seqs, { maxLen: 2 }), 2)).toEqual([
      [0, 1],
      [2, 3],
      [5, 6],
    ]);
  });

  it('truncates the end with truncating post, independently of padding', () => {
    expect(rows(padArrays(seqs, { maxLen: 2, truncating: 'post' }), 2)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(rows(padArrays(seqs, { maxLen: 2, padding: 'post', truncating: 'post' }), 2)).toEqual([
      [1, 0],
      [2, 3],
      [4, 5],
    ]);
    expect(rows(padArrays(seqs, { maxLen: 2, padding: 'post' }), 2)).toEqual([
      [1, 0],
      [2, 3],
      [5, 6],
    ]);
  });

  it('makes an empty sequence a row of padding and picks sequences by index', () => {
    const csr = { tokens: Int32Array.from([7, 8, 9]), offsets: Int32Array.from([0, 0, 3]) };
    expect(rows(padSequences(csr, { maxLen: 4 }), 4)).toEqual([
      [0, 0, 0, 0],
      [0, 7, 8, 9],
    ]);
    expect(rows(padSequences(csr, { maxLen: 2, padding: 'post' }, [1, 0, 1]), 2)).toEqual([
      [8, 9],
      [0, 0],
      [8, 9],
    ]);
  });

  it('refuses a maxLen below 1', () => {
    expect(() => padArrays(seqs, { maxLen: 0 })).toThrow(/maxLen/);
  });
});
