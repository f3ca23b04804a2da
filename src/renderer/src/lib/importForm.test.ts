import { describe, expect, it } from 'vitest';
import { baseName, choicesFrom, mappingFrom, missingRoles } from './importForm';

describe('import form helpers', () => {
  it('round-trips a mapping through the per-role choices', () => {
    const choices = choicesFrom({ user: 'userId', item: 'movieId', rating: 'rating' });
    expect(choices).toEqual({
      user: 'userId',
      item: 'movieId',
      rating: 'rating',
      timestamp: '',
      split: '',
      title: '',
      genres: '',
    });
    expect(mappingFrom(choices)).toEqual({ user: 'userId', item: 'movieId', rating: 'rating' });
  });

  it('drops roles set to none and names the missing required ones', () => {
    const choices = { ...choicesFrom({ user: 'u', item: 'i', rating: 'r' }), item: '' };
    expect(mappingFrom(choices)).toEqual({ user: 'u', rating: 'r' });
    expect(missingRoles(choices)).toEqual(['item']);
  });

  it('names a dataset after the file', () => {
    expect(baseName('/data/ml-100k/ratings.csv')).toBe('ratings');
    expect(baseName('C:\\data\\u.data')).toBe('u');
    expect(baseName('ratings')).toBe('ratings');
    expect(baseName('.hidden')).toBe('.hidden');
  });
});
