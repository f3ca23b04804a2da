import { describe, expect, it } from 'vitest';
import { applyKeyRule, csvField, lineFreeKey, spaceFreeKey } from './keys';

describe('key rules', () => {
  it('word2vec/GloVe: every whitespace character a reader might split on becomes _', () => {
    expect(spaceFreeKey('new york')).toBe('new_york');
    expect(spaceFreeKey('a\tb\nc\r\nd')).toBe('a_b_c__d');
    // No-break space, em space, ideographic space, \x1f (whitespace to Python's str.split), NEL.
    expect(spaceFreeKey('a\u00a0b\u2003c\u3000d\x1fe\x85f')).toBe('a_b_c_d_e_f');
    expect(spaceFreeKey('')).toBe('_');
    expect(spaceFreeKey('naïve_東京')).toBe('naïve_東京');
  });

  it('vocabulary files: only line breaks become _', () => {
    expect(lineFreeKey('new york')).toBe('new york');
    expect(lineFreeKey('a\nb\rc\u2028d\te')).toBe('a_b_c_d\te');
  });

  it('CSV: RFC 4180 quoting only where needed', () => {
    expect(csvField('plain key')).toBe('plain key');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('counts replaced keys and the collisions they cause', () => {
    const r = applyKeyRule(['new york', 'new_york', 'a b', 'c'], spaceFreeKey);
    expect(r).toEqual({ keys: ['new_york', 'new_york', 'a_b', 'c'], replaced: 2, duplicates: 1 });
  });
});
