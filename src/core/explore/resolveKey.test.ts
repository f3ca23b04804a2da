import { describe, expect, it } from 'vitest';
import type { VocabEntry } from '../store/datasets';
import { normalizeTitle, resolveRow, type NamedRows } from './resolveKey';

const entries: [string, string | null, number][] = [
  ['1', 'Toy Story (1995)', 215],
  ['3114', 'Toy Story 2 (1999)', 97],
  ['78499', 'Toy Story 3 (2010)', 55],
  ['364', 'Lion King, The (1994)', 172],
  ['2571', 'Matrix, The (1999)', 278],
  ['6365', 'Matrix Reloaded, The (2003)', 60],
  ['1411', 'Hamlet (1996)', 20],
  ['3598', 'Hamlet (2000)', 12],
  ['318', 'Shawshank Redemption, The (1994)', 317],
  ['5618', 'Spirited Away (Sen to Chihiro no kamikakushi) (2001)', 87],
  ['1', 'duplicate key never reached', 0],
];

function table(rows: [string, string | null, number][]): NamedRows {
  const vocab: VocabEntry[] = rows
    .filter(([key], i) => rows.findIndex(([k]) => k === key) === i)
    .map(([key, title, count], i) => ({ idx: i + 2, key, title, count, genres: [] }));
  const counts = new Int32Array(vocab.length + 2);
  for (const v of vocab) counts[v.idx] = v.count;
  return {
    role: 'item',
    tableName: 'items',
    vocab,
    byKey: new Map(vocab.map((v) => [v.key, v.idx])),
    byIdx: new Map(vocab.map((v) => [v.idx, v])),
    counts,
  };
}

const items = table(entries);
const keyOf = (input: string): string => items.byIdx.get(resolveRow(items, input))!.key;

describe('resolving what a person types', () => {
  it('takes the exact key first, even when it looks like a title', () => {
    expect(keyOf('1')).toBe('1');
    expect(keyOf('3114')).toBe('3114');
  });

  it('takes a full title in any case, with or without its year or moved article', () => {
    expect(keyOf('Toy Story (1995)')).toBe('1');
    expect(keyOf('toy story')).toBe('1');
    expect(keyOf('The Lion King')).toBe('364');
    expect(keyOf('lion king')).toBe('364');
    expect(keyOf('matrix')).toBe('2571');
    expect(keyOf('  Shawshank Redemption, The (1994) ')).toBe('318');
  });

  it('takes a part of a title that only one title has', () => {
    expect(keyOf('Shawshank')).toBe('318');
    expect(keyOf('chihiro')).toBe('5618');
  });

  it('says "did you mean" on ambiguity, most trained first, and refuses to guess', () => {
    expect(() => resolveRow(items, 'Hamlet')).toThrow(
      expect.objectContaining({
        code: 'Ambiguous',
        message: expect.stringMatching(
          /"Hamlet" matches 2 items .*did you mean Hamlet \(1996\) \[1411\], Hamlet \(2000\) \[3598\]\?/,
        ),
      }),
    );
    expect(() => resolveRow(items, 'Toy Sto')).toThrow(/matches 3 items .*Toy Story \(1995\) \[1\], Toy Story 2/);
  });

  it('suggests the closest titles for a typo, and NotFound for nothing close', () => {
    expect(() => resolveRow(items, 'Toy Strory')).toThrow(
      expect.objectContaining({
        code: 'NotFound',
        message: expect.stringMatching(/did you mean Toy Story \(1995\) \[1\]/),
      }),
    );
    expect(() => resolveRow(items, 'zzqx')).toThrow(/^no item "zzqx" in table items \(by key or title\)$/);
  });

  it('resolves bare keys (words, users) by case, most frequent spelling first', () => {
    const words = table([
      ['the', null, 100],
      ['The', null, 40],
      ['Paris', null, 9],
    ]);
    const key = (s: string): string => words.byIdx.get(resolveRow(words, s))!.key;
    expect(key('The')).toBe('The');
    expect(key('THE')).toBe('the');
    expect(key('paris')).toBe('Paris');
    // A part of a key is not guessed for bare keys: a typo is likelier.
    expect(() => resolveRow(words, 'Pari')).toThrow(/did you mean Paris/);
  });

  it('normalises titles as people type them', () => {
    expect(normalizeTitle('Lion King, The (1994)')).toBe('the lion king 1994');
    expect(normalizeTitle('Amélie (Fabuleux destin d’Amélie Poulain, Le) (2001)')).toBe(
      'amelie fabuleux destin d amelie poulain le 2001',
    );
  });
});
