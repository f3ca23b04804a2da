import { describe, expect, it } from 'vitest';
import { baseName, choicesAfterPreview, choicesFrom, mappingFrom, rolesByColumn } from './importForm';

describe('import form helpers', () => {
  it('round-trips a mapping through the per-role choices', () => {
    const choices = choicesFrom({ user: 'userId', item: 'movieId', rating: 'rating' });
    expect(choices).toMatchObject({ user: 'userId', item: 'movieId', rating: 'rating', timestamp: '', event: [] });
    expect(mappingFrom(choices)).toEqual({ user: 'userId', item: 'movieId', rating: 'rating' });
  });

  it('keeps event columns in order, one column as a plain string', () => {
    const several = choicesFrom({ user: 'u', event: ['type', 'page', 'device'] });
    expect(several.event).toEqual(['type', 'page', 'device']);
    expect(mappingFrom(several)).toEqual({ user: 'u', event: ['type', 'page', 'device'] });
    expect(mappingFrom({ ...several, event: ['type', ''] })).toEqual({ user: 'u', event: 'type' });
    expect(choicesFrom({ event: 'type' }).event).toEqual(['type']);
  });

  it('keeps several category and numeric columns, a group of columns as one entry', () => {
    const table = choicesFrom({ category: ['Country', 'Home+Away'], numeric: 'Price', target: 'Quantity' });
    expect(table).toMatchObject({ category: ['Country', 'Home+Away'], numeric: ['Price'], target: 'Quantity' });
    expect(mappingFrom({ ...table, numeric: ['Price', ''] })).toEqual({
      category: ['Country', 'Home+Away'],
      numeric: 'Price',
      target: 'Quantity',
    });
    const roles = rolesByColumn(table);
    expect(roles.get('Home')).toEqual(['category']);
    expect(roles.get('Away')).toEqual(['category']);
    expect(roles.get('Price')).toEqual(['numeric']);
    expect(roles.get('Quantity')).toEqual(['target']);
  });

  it('drops roles set to none', () => {
    const choices = { ...choicesFrom({ user: 'u', item: 'i', rating: 'r' }), item: '' };
    expect(mappingFrom(choices)).toEqual({ user: 'u', rating: 'r' });
  });

  it("keeps the user's choices while the columns stay, takes the suggestion when they change", () => {
    const mine = choicesFrom({ user: 'a', item: 'b' });
    const previous = { columns: ['a', 'b', 'c'], choices: mine };
    expect(choicesAfterPreview(previous, ['a', 'b', 'c'], { user: 'c' })).toBe(mine);
    expect(choicesAfterPreview(previous, ['column1', 'column2'], { user: 'column1' })).toEqual(
      choicesFrom({ user: 'column1' }),
    );
    expect(choicesAfterPreview(null, ['a'], { user: 'a' })).toEqual(choicesFrom({ user: 'a' }));
  });

  it('labels each column with its roles, numbering combined event columns', () => {
    const roles = rolesByColumn(choicesFrom({ user: 'u', item: 'u', event: ['type', 'page'] }));
    expect(roles.get('u')).toEqual(['user', 'item']);
    expect(roles.get('type')).toEqual(['event 1']);
    expect(roles.get('page')).toEqual(['event 2']);
    expect(rolesByColumn(choicesFrom({ event: 'type' })).get('type')).toEqual(['event']);
  });

  it('names a dataset after the file', () => {
    expect(baseName('/data/ml-100k/ratings.csv')).toBe('ratings');
    expect(baseName('C:\\data\\u.data')).toBe('u');
    expect(baseName('events.csv.gz')).toBe('events');
    expect(baseName('ratings')).toBe('ratings');
    expect(baseName('.hidden')).toBe('.hidden');
  });
});
