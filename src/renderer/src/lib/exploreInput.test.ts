import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../../shared';
import {
  canRecommend,
  defaultTable,
  EXPORT_HINTS,
  formatHasBias,
  parseKeyList,
  parseRatedItems,
  scoreHeader,
  scoreMeaning,
} from './exploreInput';

const t = (...names: string[]) => names.map((name) => ({ name }));

describe('defaultTable', () => {
  it('prefers items, then words, then the first', () => {
    expect(defaultTable(t('users', 'items'))).toBe('items');
    expect(defaultTable(t('words.context', 'words'))).toBe('words');
    expect(defaultTable(t('events', 'events.context'))).toBe('events');
    expect(defaultTable([])).toBeNull();
  });
});

describe('scores', () => {
  it('calls Euclidean a distance and the others similarities', () => {
    expect(scoreMeaning('euclidean')).toBe('distance');
    expect(scoreMeaning('cosine')).toBe('similarity');
    expect(scoreHeader('dot')).toBe('similarity (dot)');
  });
});

describe('parseKeyList', () => {
  it('splits on commas and trims', () => {
    expect(parseKeyList(' a, b ,, c ')).toEqual(['a', 'b', 'c']);
    expect(parseKeyList('')).toEqual([]);
  });
});

describe('parseRatedItems', () => {
  it('reads keys with optional ratings', () => {
    expect(parseRatedItems('a1=5, b2=1.5, c3')).toEqual({
      items: [{ key: 'a1', rating: 5 }, { key: 'b2', rating: 1.5 }, { key: 'c3' }],
      invalid: [],
    });
  });
  it('splits on the last = and reports bad ratings', () => {
    expect(parseRatedItems('x=y=2, z=abc, =3, w=')).toEqual({
      items: [{ key: 'x=y', rating: 2 }],
      invalid: ['z=abc', '=3', 'w='],
    });
  });
});

describe('export formats', () => {
  it('has a hint for every format and knows which hold biases', () => {
    for (const f of EXPORT_FORMATS) expect(EXPORT_HINTS[f].length).toBeGreaterThan(10);
    expect(formatHasBias('csv')).toBe(true);
    expect(formatHasBias('word2vec')).toBe(false);
  });
});

describe('canRecommend', () => {
  it('is for mf and implicit runs', () => {
    expect(canRecommend('mf')).toBe(true);
    expect(canRecommend('implicit')).toBe(true);
    expect(canRecommend('sgns')).toBe(false);
  });
});
